import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { ShadowReadPayload, ShadowReadResult } from "../../../contracts/shadow-read";
import { isServerError } from "../../shared/request-metrics";
import { UNKNOWN_ROUTE } from "../../shared/unexpected-failure";
import { compareContract } from "./compare-contract";
import { readShadowPayload } from "./shadow-payload";

/** Time kept back from Lambda's remaining time to record a shadow read that ran out of it. */
export const SHADOW_RECORDING_MARGIN_MS = 500;

/** The candidate's answer to a shadow read, served as a caller's read would be. */
export interface ServedShadowRead {
  readonly response: APIGatewayProxyResult;
  /** The route the candidate served (a fixed set), or `unknown`. */
  readonly route: string;
  /** The failure behind a 5xx, for the logs only. */
  readonly failure?: unknown;
}

/** One shadow read's outcome, for metrics and logs. */
export interface ShadowReadOutcome extends ShadowReadResult {
  /** The candidate's time for the read, in milliseconds. */
  readonly durationMs: number;
  /** Why it failed, for the logs only. */
  readonly error?: unknown;
}

export interface ShadowReadDependencies {
  /** Serves an API Gateway event through the read API, as a caller's read, but counted apart from callers' requests. */
  readonly serve: (event: APIGatewayProxyEvent) => Promise<ServedShadowRead>;
  /** Publishes the outcome's metrics and logs. */
  readonly record: (outcome: ShadowReadOutcome) => void;
  /**
   * The time the invocation has left, in milliseconds (Lambda's getRemainingTimeInMillis).
   * @default - no limit
   */
  readonly timeLeftMs?: () => number;
  /** @default performance.now */
  readonly now?: () => number;
}

/** The shadow read ran out of the invocation's time. */
export class ShadowReadTimeoutError extends Error {
  public readonly code = "SHADOW_READ_TIMEOUT";

  constructor(limitMs: number) {
    super(`the shadow read had no answer within the ${Math.round(limitMs)} ms the invocation had left`);
    this.name = "ShadowReadTimeoutError";
  }
}

/**
 * A shadow read, served in the dark: the candidate answers the caller's event through the same read
 * API, and the shape of its answer is compared with the control's (compare-contract.ts). It never
 * rejects: a failure (a 5xx, an exception, no time left, an unreadable payload) is recorded and
 * returned, since a thrown error would make Lambda retry the Event and then dead-letter it. A
 * failed read is not compared, nor one whose control answered 5xx: there is no contract to hold.
 */
export async function serveShadowRead(payload: ShadowReadPayload, dependencies: ShadowReadDependencies): Promise<ShadowReadResult> {
  const now = dependencies.now ?? (() => performance.now());
  const started = now();
  const outcome = await shadowOutcome(payload, dependencies, () => now() - started);
  try {
    dependencies.record(outcome);
  } catch (error) {
    // Last resort: recording failed (a logger or metrics fault), and a throw would be retried.
    console.error("shadow read could not be recorded", error);
  }
  const { durationMs: _durationMs, error: _error, ...result } = outcome;
  return result;
}

async function shadowOutcome(payload: ShadowReadPayload, dependencies: ShadowReadDependencies, elapsedMs: () => number): Promise<ShadowReadOutcome> {
  const parsed = readShadowPayload(payload);
  if (!parsed.ok) return { route: UNKNOWN_ROUTE, failed: true, mismatches: [], durationMs: elapsedMs(), error: new Error(parsed.problem) };
  const { event, control } = parsed.read;
  let served: ServedShadowRead;
  try {
    const limitMs = dependencies.timeLeftMs && dependencies.timeLeftMs() - SHADOW_RECORDING_MARGIN_MS;
    served = await withinTime(dependencies.serve(event), limitMs);
  } catch (error) {
    return { route: UNKNOWN_ROUTE, failed: true, mismatches: [], durationMs: elapsedMs(), error };
  }
  const durationMs = elapsedMs();
  const { response, route } = served;
  if (isServerError(response.statusCode)) {
    return { route, statusCode: response.statusCode, failed: true, mismatches: [], durationMs, error: served.failure ?? new Error(`the candidate answered ${response.statusCode}`) };
  }
  const mismatches = isServerError(control.statusCode) ? [] : compareContract(control, response);
  return { route, statusCode: response.statusCode, failed: false, mismatches, durationMs };
}

async function withinTime<T>(work: Promise<T>, limitMs: number | undefined): Promise<T> {
  if (limitMs === undefined) return work;
  // The read may still settle after the limit: nothing waits for it then.
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShadowReadTimeoutError(limitMs)), Math.max(0, limitMs));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
