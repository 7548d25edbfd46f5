/**
 * A control sized for a slow candidate: config refuses an environment whose control would be
 * throttled while the candidate is slow (Little's law), or whose functions could open more
 * database connections than its limit, naming the numbers.
 */
import { loadAppConfig } from "../../config";
import { CANDIDATE_BUDGET_LATENCY_MULTIPLE, candidateBudgetMs, capacityProblems } from "../../config/capacity";
import { parseEnvironments } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import { environmentProblems, validEnvironmentInput } from "../support/environment-input";


/** The prod: 500 reads/s, 200 reserved control instances, the candidate's 500 ms p95 target and 6 s timeout. */
function prodLike(share: number, overrides: { reserved?: number; controlTimeoutSeconds?: number; candidateTimeoutSeconds?: number; peak?: number } = {}): EnvironmentInput {
  const base = validEnvironmentInput();
  return {
    ...base,
    functions: {
      mockRead: { memorySizeMb: 1024, timeoutSeconds: overrides.controlTimeoutSeconds ?? 6, reservedConcurrency: overrides.reserved ?? 200 },
      prismaRead: { memorySizeMb: 1769, timeoutSeconds: overrides.candidateTimeoutSeconds ?? 6, reservedConcurrency: 200 },
    },
    canary: { p95DurationThresholdMs: 500 },
    traffic: { peakReadsPerSecond: overrides.peak ?? 500 },
    flag: { prismaRead: { mode: "percentage", percentage: share } },
    database: { ...base.database, connectionLimit: 500 },
  };
}

describe("the control's capacity for a slow candidate", () => {
  it("derives the candidate's budget from the candidate's own latency target and timeout, not the control's timeout", () => {
    const [tight, loose] = [6, 28].map((controlTimeoutSeconds) => parseEnvironments([prodLike(10, { controlTimeoutSeconds })])[0]);

    expect(candidateBudgetMs(tight)).toBe(500 * CANDIDATE_BUDGET_LATENCY_MULTIPLE);
    expect(candidateBudgetMs(loose)).toBe(candidateBudgetMs(tight));
    // A candidate that gives up sooner than that is not waited for past its own timeout.
    expect(candidateBudgetMs(parseEnvironments([prodLike(10, { candidateTimeoutSeconds: 1 })])[0])).toBe(1000);
  });

  it("accepts prod's own config at its documented peak", () => {
    const prod = loadAppConfig().environments.find((environment) => environment.name === "prod")!;

    expect(prod.traffic.peakReadsPerSecond).toBe(500);
    expect(capacityProblems(prod)).toEqual([]);
  });

  it("refuses a share whose waiting reads would leave the other reads no instances, naming the numbers", () => {
    expect(environmentProblems(prodLike(10))).toEqual([]);

    expect(environmentProblems(prodLike(20))).toEqual([
      "functions.mockRead.reservedConcurrency: 200 instances cannot carry the peak (Little's law: busy instances = reads/s × seconds each): " +
        "20 % of 500 reads/s waiting up to 2 s for the candidate keep 200 busy, more than the 160 left by the other 80 % at 0.1 s each (40); " +
        "every caller would be throttled. Raise it to at least 240, lower the share or the peak, or tighten the candidate's budget",
    ]);
  });

  it("accepts the same share once the reserved concurrency carries it", () => {
    expect(environmentProblems(prodLike(20, { reserved: 240 }))).toEqual([]);
    expect(environmentProblems(prodLike(20, { reserved: 239 }))).toHaveLength(1);
  });

  it("counts every read as waiting when the flag hands all of them over, and none when it is off", () => {
    const all = { ...prodLike(0, { peak: 100 }), flag: { prismaRead: { mode: "all" as const, percentage: 0 } } };
    const off = { ...prodLike(0, { peak: 100_000 }), flag: { prismaRead: { mode: "off" as const, percentage: 100 } } };

    expect(environmentProblems(all)).toEqual([]);
    expect(environmentProblems({ ...all, traffic: { peakReadsPerSecond: 101 } })[0]).toContain("100 % of 101 reads/s waiting up to 2 s for the candidate keep 202 busy");
    // Off, 100,000 reads/s at 0.1 s each need 10,000 instances the control has not got.
    expect(environmentProblems(off)[0]).toContain("0 % of 100000 reads/s waiting up to 2 s for the candidate keep 0 busy, more than the 0 left by the other 100 % at 0.1 s each (10000)");
  });

  it("counts a shadowed read's hand-off, which holds its instance after the answer until Lambda accepts it", () => {
    const shadow = (percentage: number, reserved = 200) => ({ ...prodLike(0, { reserved }), flag: { prismaRead: { mode: "shadow" as const, percentage } } });

    // 30 % of 500 reads/s held up to 1 s each: 150, beside the 50 every read's own 0.1 s keeps busy.
    expect(environmentProblems(shadow(30))).toEqual([]);
    expect(environmentProblems(shadow(31))).toEqual([
      "functions.mockRead.reservedConcurrency: 200 instances cannot carry the peak (Little's law: busy instances = reads/s × seconds each): " +
        "31 % of 500 reads/s handed to the candidate in the dark, each holding its instance up to 1 s until Lambda accepts it, keep 155 busy, " +
        "more than the 150 left by the other 100 % at 0.1 s each (50); every caller would be throttled. Raise it to at least 205, lower the share or the peak",
    ]);
    expect(environmentProblems(shadow(100, 550))).toEqual([]);
  });

  it("refuses a control timeout that leaves no time to serve the fallback after the candidate's budget", () => {
    expect(environmentProblems(prodLike(10, { controlTimeoutSeconds: 2 }))).toEqual([
      "functions.mockRead.timeoutSeconds: must leave the control 1000 ms to serve a fallback after the candidate's budget of 2000 ms (the candidate's p95 target 500 ms × 4, at most its 6 s timeout): at least 3 s, got 2 s",
    ]);
  });

  it("refuses a connection limit below what the candidate's instances may open, naming each function's share", () => {
    const input = prodLike(10);

    expect(environmentProblems({ ...input, database: { ...input.database, connectionLimit: 399 } })).toEqual([
      "database.connectionLimit: 399 connections are fewer than the functions may open at their maximum concurrency: " +
        "prisma-read 200 instances × a pool of 2 = 400, mock-read 200 × 0 = 0; 400 in all. " +
        "Lower the reserved concurrency or the pool, or raise the limit (within the instance's max_connections)",
    ]);
    expect(environmentProblems({ ...input, database: { ...input.database, connectionLimit: 399, poolSize: 1 } })).toEqual([]);
  });

  it("checks no control sizing in the direct phase, where there is no control, and still counts the candidate's connections", () => {
    // A control that could carry nothing: its sizing stays in config, unused, for the way back through `all`.
    const direct = { ...prodLike(0, { reserved: 1, controlTimeoutSeconds: 1 }), flag: { prismaRead: { mode: "direct" as const, percentage: 10 } } };

    expect(environmentProblems({ ...direct, flag: { prismaRead: { mode: "all" as const, percentage: 10 } } })).toHaveLength(2);
    expect(environmentProblems(direct)).toEqual([]);
    expect(environmentProblems({ ...direct, database: { ...direct.database, connectionLimit: 399 } })).toEqual([
      "database.connectionLimit: 399 connections are fewer than the functions may open at their maximum concurrency: " +
        "prisma-read 200 instances × a pool of 2 = 400; 400 in all. " +
        "Lower the reserved concurrency or the pool, or raise the limit (within the instance's max_connections)",
    ]);
  });

  it("requires every environment to say its peak", () => {
    const { traffic: _traffic, ...withoutTraffic } = validEnvironmentInput();

    expect(environmentProblems(withoutTraffic as EnvironmentInput)).toEqual([expect.stringMatching(/^traffic: /)]);
  });
});
