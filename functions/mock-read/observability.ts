// First: it decides how the X-Ray SDK, loaded by the Tracer below, tracks context.
import "../shared/xray-context-mode";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { CANDIDATE_METRICS } from "../../contracts/read-path-metrics";
import { SHADOW_DISPATCH_FAILURES } from "../../contracts/shadow-read";
import { addHighResolutionCount, addRequestMetrics, functionVersion } from "../shared/request-metrics";
import { UNKNOWN_ROUTE } from "../shared/unexpected-failure";
import type { ControlOutcome } from "./control";

/**
 * Logger, Metrics and Tracer, created once per container; names come from POWERTOOLS_SERVICE_NAME
 * and POWERTOOLS_METRICS_NAMESPACE, set by the stack. Metrics are EMF: CloudWatch reads them from
 * the log. Traces carry the route, the path that served the read and the status, never a body.
 */
export const SERVICE_NAME = "huntaze-mock-read";
export const METRICS_NAMESPACE = "Huntaze/ReadPath";

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });
/** The version this container runs, for the metrics a canary's alarms judge it by. */
const version = functionVersion(process.env);

/**
 * One routing decision: the request's metrics (contracts/read-path-metrics.ts), also by the path
 * that served it (mock, prisma, prisma-fallback); whether the read was handed to the candidate and
 * whether the control had to serve it after all (the flag's fallback monitor); a count per
 * fallback reason; and a log line, with the failure behind a fallback or a 5xx.
 */
export function recordControlOutcome(outcome: ControlOutcome): void {
  addRequestMetrics(metrics, { route: outcome.route, statusCode: outcome.statusCode, durationMs: outcome.durationMs, version });
  metrics.addDimensions({ servedBy: outcome.servedBy });
  tracer.putAnnotation("route", outcome.route);
  tracer.putAnnotation("servedBy", outcome.servedBy);
  tracer.putAnnotation("statusCode", outcome.statusCode);
  addHighResolutionCount(metrics, CANDIDATE_METRICS.candidateReads, outcome.servedBy !== "mock");
  addHighResolutionCount(metrics, CANDIDATE_METRICS.candidateFallbacks, outcome.servedBy === "prisma-fallback");
  if (outcome.candidateFailure) {
    const fallback = metrics.singleMetric();
    fallback.addDimension("reason", outcome.candidateFailure.reason);
    fallback.addMetric("CandidateFallbacks", MetricUnit.Count, 1);
  }
  const fields = {
    route: outcome.route,
    servedBy: outcome.servedBy,
    statusCode: outcome.statusCode,
    flagOrigin: outcome.flagOrigin,
    durationMs: Math.round(outcome.durationMs),
    ...(outcome.shadowed ? { shadowed: true } : {}),
  };
  if (outcome.statusCode >= 500) logger.error("request failed", { ...fields, error: outcome.error as Error });
  else if (outcome.candidateFailure) logger.warn("candidate failed; served by the control", { ...fields, candidateFailure: outcome.candidateFailure });
  else logger.info("request served", fields);
}

/** An exception that escaped the control's own handling: a server error like any 5xx it serves. */
export function recordUnexpectedFailure(error: unknown, durationMs: number): void {
  addRequestMetrics(metrics, { route: UNKNOWN_ROUTE, statusCode: 500, durationMs, version });
  tracer.putAnnotation("route", UNKNOWN_ROUTE);
  tracer.putAnnotation("statusCode", 500);
  logger.error("request failed", { route: UNKNOWN_ROUTE, statusCode: 500, durationMs: Math.round(durationMs), error: error as Error });
}

/**
 * A shadow read the control could not hand to the candidate. Published at once (a single metric):
 * it happens after the response, once the invocation's own metrics have gone.
 */
export function recordShadowDispatchFailure(error: unknown): void {
  const failure = metrics.singleMetric();
  failure.addMetric(SHADOW_DISPATCH_FAILURES, MetricUnit.Count, 1);
  logger.warn("could not hand the shadow read to the candidate", { error: error as Error });
}

/** A failed or unusable flag read: the control keeps its last flag (or the safe default). */
export function recordFlagFailure(error: unknown): void {
  const failure = metrics.singleMetric();
  failure.addMetric("FlagFetchFailures", MetricUnit.Count, 1);
  logger.warn("could not read the prismaRead flag; keeping the last one", { error: error as Error });
}
