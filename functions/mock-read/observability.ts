import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ControlOutcome } from "./control";

/**
 * Logger and Metrics, created once per container; names come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE, set by the stack. Metrics are EMF: CloudWatch reads them from the log.
 */
export const SERVICE_NAME = "huntaze-mock-read";
export const METRICS_NAMESPACE = "Huntaze/ReadPath";

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });

/**
 * One routing decision: a count and latency per path served (mock, prisma, prisma-fallback), a
 * count per fallback reason, and a log line; the failure behind a fallback or a 5xx is logged.
 */
export function recordControlOutcome(outcome: ControlOutcome): void {
  metrics.addDimensions({ servedBy: outcome.servedBy });
  metrics.addMetric("RoutedReads", MetricUnit.Count, 1);
  metrics.addMetric("ControlLatency", MetricUnit.Milliseconds, outcome.durationMs);
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
  };
  if (outcome.statusCode >= 500) logger.error("request failed", { ...fields, error: outcome.error as Error });
  else if (outcome.candidateFailure) logger.warn("candidate failed; served by the control", { ...fields, candidateFailure: outcome.candidateFailure });
  else logger.info("request served", fields);
}

/** A failed or unusable flag read: the control keeps its last flag (or the safe default). */
export function recordFlagFailure(error: unknown): void {
  const failure = metrics.singleMetric();
  failure.addMetric("FlagFetchFailures", MetricUnit.Count, 1);
  logger.warn("could not read the prismaRead flag; keeping the last one", { error: error as Error });
}
