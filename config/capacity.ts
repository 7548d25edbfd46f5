import { SHADOW_DISPATCH_TIMEOUT_MS } from "../contracts/shadow-read";
import type { EnvironmentConfig } from "./schema";

/**
 * Sizing the read path for a slow candidate, by Little's law: the instances a function keeps busy
 * are its arrivals per second times the seconds each one stays. The control stays for the
 * candidate's whole budget when the candidate is slow, so the share it hands over costs
 * share × peak reads/s × budget instances, on top of the instances the reads it serves itself
 * hold; both must fit in its reserved concurrency, or Lambda throttles every caller, not only
 * those routed to the candidate. In `shadow` the control waits for no answer, but its environment
 * stays busy after each shadowed response until Lambda has accepted the hand-off: up to
 * SHADOW_DISPATCH_TIMEOUT_MS per shadowed read.
 */

/**
 * The control waits for the candidate this many times the candidate's latency target (its p95
 * threshold): a read four times slower than the candidate is held to is a failed read, served by
 * the control instead. Four, not two: a cold candidate (its init, TLS and IAM-token login to the
 * database) must still answer inside it, or every cold start would count as a fallback.
 */
export const CANDIDATE_BUDGET_LATENCY_MULTIPLE = 4;
/** The control keeps this much of its own timeout for serving the fallback after the budget. */
export const FALLBACK_RESERVE_MS = 1000;
/** The budgets the control's settings accept (CANDIDATE_BUDGET_MS): API Gateway gives up at 29 s. */
export const MINIMUM_CANDIDATE_BUDGET_MS = 100;
export const MAXIMUM_CANDIDATE_BUDGET_MS = 28_000;

/**
 * How long the control gives the candidate: the candidate's own latency target times
 * CANDIDATE_BUDGET_LATENCY_MULTIPLE, never past the candidate's own timeout (it has failed by
 * then). Derived from the candidate alone: a longer control timeout buys the candidate nothing.
 */
export function candidateBudgetMs(environment: Pick<EnvironmentConfig, "functions" | "canary">): number {
  const latencyBound = environment.canary.p95DurationThresholdMs * CANDIDATE_BUDGET_LATENCY_MULTIPLE;
  const budget = Math.min(environment.functions.prismaRead.timeoutSeconds * 1000, latencyBound, MAXIMUM_CANDIDATE_BUDGET_MS);
  return Math.max(MINIMUM_CANDIDATE_BUDGET_MS, budget);
}

/**
 * The share of reads for which the control waits on the candidate, 0-1. A shadow read is handed
 * over after the control has answered, and in `direct` there is no control.
 */
export function candidateShare(flag: EnvironmentConfig["flag"]["prismaRead"]): number {
  if (flag.mode === "off" || flag.mode === "shadow" || flag.mode === "direct") return 0;
  return flag.mode === "all" ? 1 : flag.percentage / 100;
}

/** The share of reads the control hands to the candidate in the dark after answering, 0-1. */
export function shadowShare(flag: EnvironmentConfig["flag"]["prismaRead"]): number {
  return flag.mode === "shadow" ? flag.percentage / 100 : 0;
}

/** Database connections one instance of each function may hold: the candidate's pool; the control opens none. */
export function connectionsPerInstance(environment: Pick<EnvironmentConfig, "database">): { mockRead: number; prismaRead: number } {
  return { mockRead: 0, prismaRead: environment.database.poolSize };
}

export interface CapacityProblem {
  readonly path: readonly string[];
  readonly message: string;
}

/** Rounds for a message: 0.1, 45, 2.5. */
function figure(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * What the environment's numbers cannot carry at its peak, each naming the numbers; empty when they
 * fit. In `direct` there is no control: its timeout and instances are not checked (its sizing stays
 * in config, unused, for the way back through `all`), and only the candidate's connections count.
 */
export function capacityProblems(environment: EnvironmentConfig): CapacityProblem[] {
  const hasControl = environment.flag.prismaRead.mode !== "direct";
  return [...(hasControl ? controlProblems(environment) : []), ...connectionProblems(environment, hasControl)];
}

/** What the control's own sizing cannot carry: its timeout after the candidate's budget, its instances at the peak. */
function controlProblems(environment: EnvironmentConfig): CapacityProblem[] {
  const problems: CapacityProblem[] = [];
  const { functions, traffic } = environment;
  const budgetMs = candidateBudgetMs(environment);
  const controlTimeoutMs = functions.mockRead.timeoutSeconds * 1000;
  if (budgetMs + FALLBACK_RESERVE_MS > controlTimeoutMs) {
    problems.push({
      path: ["functions", "mockRead", "timeoutSeconds"],
      message: `must leave the control ${FALLBACK_RESERVE_MS} ms to serve a fallback after the candidate's budget of ${budgetMs} ms (the candidate's p95 target ${environment.canary.p95DurationThresholdMs} ms × ${CANDIDATE_BUDGET_LATENCY_MULTIPLE}, at most its ${functions.prismaRead.timeoutSeconds} s timeout): at least ${Math.ceil((budgetMs + FALLBACK_RESERVE_MS) / 1000)} s, got ${functions.mockRead.timeoutSeconds} s`,
    });
  }

  const share = candidateShare(environment.flag.prismaRead);
  const waiting = share * traffic.peakReadsPerSecond * (budgetMs / 1000);
  const shadowed = shadowShare(environment.flag.prismaRead);
  const handingOver = shadowed * traffic.peakReadsPerSecond * (SHADOW_DISPATCH_TIMEOUT_MS / 1000);
  const others = (1 - share) * traffic.peakReadsPerSecond * (traffic.controlReadMs / 1000);
  const reserved = functions.mockRead.reservedConcurrency;
  if (waiting + handingOver > reserved - others) {
    const held =
      shadowed > 0
        ? `${figure(shadowed * 100)} % of ${figure(traffic.peakReadsPerSecond)} reads/s handed to the candidate in the dark, each holding its instance up to ${figure(SHADOW_DISPATCH_TIMEOUT_MS / 1000)} s until Lambda accepts it, keep ${figure(handingOver)} busy`
        : `${figure(share * 100)} % of ${figure(traffic.peakReadsPerSecond)} reads/s waiting up to ${figure(budgetMs / 1000)} s for the candidate keep ${figure(waiting)} busy`;
    problems.push({
      path: ["functions", "mockRead", "reservedConcurrency"],
      message:
        `${reserved} instances cannot carry the peak (Little's law: busy instances = reads/s × seconds each): ${held}, ` +
        `more than the ${figure(Math.max(0, reserved - others))} left by the other ${figure((1 - share) * 100)} % at ${figure(traffic.controlReadMs / 1000)} s each (${figure(others)}); ` +
        `every caller would be throttled. Raise it to at least ${Math.ceil(waiting + handingOver + others)}, lower the share or the peak` +
        (shadowed > 0 ? "" : ", or tighten the candidate's budget"),
    });
  }

  return problems;
}

/** Whether the database can take every connection the functions may open; the control's only while there is one. */
function connectionProblems(environment: EnvironmentConfig, hasControl: boolean): CapacityProblem[] {
  const problems: CapacityProblem[] = [];
  const { functions } = environment;
  const perInstance = connectionsPerInstance(environment);
  const controlConnections = hasControl ? functions.mockRead.reservedConcurrency * perInstance.mockRead : 0;
  const connections = controlConnections + functions.prismaRead.reservedConcurrency * perInstance.prismaRead;
  if (connections > environment.database.connectionLimit) {
    problems.push({
      path: ["database", "connectionLimit"],
      message:
        `${environment.database.connectionLimit} connections are fewer than the functions may open at their maximum concurrency: ` +
        `prisma-read ${functions.prismaRead.reservedConcurrency} instances × a pool of ${perInstance.prismaRead} = ${functions.prismaRead.reservedConcurrency * perInstance.prismaRead}` +
        (hasControl ? `, mock-read ${functions.mockRead.reservedConcurrency} × ${perInstance.mockRead} = ${controlConnections}` : "") +
        `; ${connections} in all. ` +
        `Lower the reserved concurrency or the pool, or raise the limit (within the instance's max_connections)`,
    });
  }
  return problems;
}
