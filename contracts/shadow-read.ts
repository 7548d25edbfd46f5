/**
 * The shadow phase's contract between the control, which hands a sample of the reads it serves to
 * the candidate after answering the caller, and the candidate, which serves each one in the dark
 * and compares the shape of its answer with the control's. Plain data: both bundles and the
 * constructs (the shadow alarm) import it without loading anything else.
 */

/**
 * How long the control gives Lambda to accept a shadow read. Lambda queues an Event invocation and
 * answers 202 in tens of milliseconds; the control's environment takes no new request until its
 * after-response extension is done, so a dispatch Lambda is slow to accept is abandoned (and
 * counted) rather than held. Config sizes the control for this hold (config/capacity.ts).
 */
export const SHADOW_DISPATCH_TIMEOUT_MS = 1_000;

/** The key of the asynchronous (Event) invocation payload that marks a shadow read. */
export const SHADOW_READ_KEY = "huntazeShadowRead";

/** What the control answered, as the caller got it. */
export interface ShadowControlAnswer {
  readonly statusCode: number;
  readonly body: string;
}

/**
 * The candidate's Event payload for one shadow read: the API Gateway event as the control received
 * it (authorizer claims included), the route the control served and its answer. `event` is typed
 * loosely so that this file needs no Lambda types; the candidate reads it as an APIGatewayProxyEvent.
 */
export interface ShadowReadPayload {
  readonly [SHADOW_READ_KEY]: {
    readonly version: 1;
    readonly route: string;
    readonly event: Readonly<Record<string, unknown>>;
    readonly control: ShadowControlAnswer;
  };
}

/**
 * Ways the candidate's answer can differ from the control's contract. Values are never compared:
 * the control serves mock data.
 * - `status`: another HTTP status;
 * - `missing-field` / `extra-field`: a field name one answer has and the other lacks;
 * - `field-type`: the same field with another JSON type;
 * - `pagination`: another pagination shape (cursor and page fields);
 * - `error-format`: an error body of another shape;
 * - `unreadable`: a body that is not JSON where the other's is.
 */
export const SHADOW_MISMATCH_KINDS = ["status", "missing-field", "extra-field", "field-type", "pagination", "error-format", "unreadable"] as const;
export type ShadowMismatchKind = (typeof SHADOW_MISMATCH_KINDS)[number];

/**
 * Published by the candidate for every shadow read, in the read path's namespace
 * (contracts/read-path-metrics.ts), with the dimension sets `[service]`, `[service, version]` and
 * `[service, route]`; ShadowMismatches also with `[service, route, kind]`.
 */
export const SHADOW_METRICS = {
  /** 1 per shadow read. */
  shadowReads: "ShadowReads",
  /** 1 for a shadow read whose answer differs from the control's contract, 0 otherwise. */
  shadowMismatches: "ShadowMismatches",
  /** 1 for a shadow read the candidate failed to serve (5xx or an exception), 0 otherwise. */
  shadowErrors: "ShadowErrors",
  /** The candidate's time for the shadow read, in milliseconds. */
  shadowLatency: "ShadowLatency",
} as const;

/**
 * One way the candidate's answer differs from the control's contract. `control` and `candidate`
 * describe each side's shape at `path`, never a value: a JSON type (`string`, `number`, `boolean`,
 * `null`, `object`, `array`), `absent`, `JSON` / `not JSON` for a body, or the HTTP status for
 * `status`. `path` is the field's place in the body: `$` is the body itself, `$.items[].tier` the
 * `tier` of every element of `items`.
 */
export interface ShadowMismatch {
  readonly kind: ShadowMismatchKind;
  readonly path: string;
  readonly control: string;
  readonly candidate: string;
}

/**
 * What the candidate's handler returns for a shadow read (Lambda discards it for an Event
 * invocation; the local server and tests may read it). It never throws for a shadow read: a
 * failure is counted (ShadowErrors) and returned here, so Lambda neither retries it nor sends it to
 * the dead-letter queue.
 */
export interface ShadowReadResult {
  /** The route the candidate served, or `unknown` when the payload was unreadable. */
  readonly route: string;
  /** The candidate's status, when it answered. */
  readonly statusCode?: number;
  /** True when the candidate failed to serve the read (5xx, an exception, no time left, an unreadable payload). */
  readonly failed: boolean;
  /** Differences from the control's contract; empty when it failed, or when the control answered 5xx (nothing to compare). */
  readonly mismatches: readonly ShadowMismatch[];
}

/**
 * Published by the control, in the same namespace with the dimension set `[service]`: 1 for each
 * shadow read it could not hand to the candidate (Lambda refused or timed out the Event invocation,
 * or there was no after-response extension to send it from). The caller never sees one.
 */
export const SHADOW_DISPATCH_FAILURES = "ShadowDispatchFailures";

/** The dimension naming a mismatch's kind on ShadowMismatches. */
export const SHADOW_KIND_DIMENSION = "kind";

/** The log message the candidate writes for each mismatch, which `npm run shadow:report` summarizes. */
export const SHADOW_MISMATCH_LOG_MESSAGE = "shadow read differs from the control's contract";

/** The log message the candidate writes for a shadow read it failed to serve (fields: route, and the error). */
export const SHADOW_FAILURE_LOG_MESSAGE = "shadow read failed";
