/**
 * The metrics contract between the read functions, which publish these metrics (EMF, through
 * functions/shared/request-metrics.ts), and the alarms that watch them
 * (constructs/function-alarms.ts, constructs/candidate-fallback-alarm.ts). Plain data: the
 * constructs import it without loading anything a function needs.
 *
 * Every request is published with three dimension sets, `service` in each:
 * - `[service]`: the function's total, whatever version served it (the flag's monitors);
 * - `[service, version]`: the version that served it (a canary's alarms judge the new version alone);
 * - `[service, route, statusClass]`: the per-route detail, for dashboards and investigation.
 *
 * They are high-resolution metrics (1 s storage), so that alarms can evaluate 10 s periods.
 */
export const READ_PATH_METRICS_NAMESPACE = "Huntaze/ReadPath";

/** Powertools' dimension naming the function (POWERTOOLS_SERVICE_NAME: the function's name). */
export const SERVICE_DIMENSION = "service";
/** The version that served a request (Lambda's AWS_LAMBDA_FUNCTION_VERSION). */
export const VERSION_DIMENSION = "version";

/** Published by both functions for every request. */
export const REQUEST_METRICS = {
  /** 1 per request. */
  requests: "Requests",
  /** 1 for a 5xx answer, handled or thrown; 0 otherwise (4xx included), so a rate has data in every busy period. */
  serverErrors: "ServerErrors",
  /** The handler's time for the request, in milliseconds. */
  latency: "RequestLatency",
} as const;

/** Published by the control for every request, with the same dimension sets. */
export const CANDIDATE_METRICS = {
  /** 1 when the flag handed the read to the candidate, 0 otherwise. */
  candidateReads: "CandidateReads",
  /** 1 when the candidate failed and the control served the read itself, 0 otherwise. */
  candidateFallbacks: "CandidateFallbacks",
} as const;
