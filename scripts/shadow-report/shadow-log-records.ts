import { SHADOW_FAILURE_LOG_MESSAGE, SHADOW_METRICS, SHADOW_MISMATCH_LOG_MESSAGE } from "../../contracts/shadow-read";

/** One log event: its text, and its time where the source knows it (CloudWatch Logs does). */
export interface LogEvent {
  readonly message: string;
  readonly timestampMs?: number;
}

/** What the report reads from one log line. */
export type ShadowRecord =
  | { readonly type: "mismatch"; readonly route: string; readonly kind: string; readonly path: string; readonly atMs?: number }
  | { readonly type: "failure"; readonly route: string; readonly atMs?: number }
  /** A shadow read's metrics (EMF), for the totals. */
  | { readonly type: "read"; readonly mismatched: boolean; readonly failed: boolean; readonly atMs?: number };

/**
 * The shadow records of one log line, as the candidate prints them through Powertools: a mismatch
 * line, a failure line, or the EMF document of a shadow read. Anything else, JSON or not, is
 * skipped: the dev server's output and a function's log group mix them with other lines.
 */
export function shadowRecord(event: LogEvent): ShadowRecord | undefined {
  const line = event.message.trim();
  if (!line.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  // Lambda's own JSON log format nests an application's object under `message`.
  const document = (isObject((parsed as Record<string, unknown>).message) ? (parsed as Record<string, unknown>).message : parsed) as Record<string, unknown>;
  const atMs = timeOf(document) ?? event.timestampMs;
  const route = typeof document.route === "string" ? document.route : "unknown";
  if (document.message === SHADOW_MISMATCH_LOG_MESSAGE && typeof document.kind === "string") {
    return { type: "mismatch", route, kind: document.kind, path: typeof document.path === "string" ? document.path : "?", atMs };
  }
  if (document.message === SHADOW_FAILURE_LOG_MESSAGE) return { type: "failure", route, atMs };
  // The main shadow document carries ShadowReads; the per-kind documents carry ShadowMismatches alone.
  if (isObject(document._aws) && typeof document[SHADOW_METRICS.shadowReads] === "number") {
    return { type: "read", mismatched: document[SHADOW_METRICS.shadowMismatches] === 1, failed: document[SHADOW_METRICS.shadowErrors] === 1, atMs };
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Powertools' ISO `timestamp`, or EMF's `_aws.Timestamp` in milliseconds. */
function timeOf(document: Record<string, unknown>): number | undefined {
  if (typeof document.timestamp === "string") {
    const at = Date.parse(document.timestamp);
    if (!Number.isNaN(at)) return at;
  }
  const emf = isObject(document._aws) ? document._aws.Timestamp : undefined;
  return typeof emf === "number" ? emf : undefined;
}
