// First: it decides how the X-Ray SDK, loaded by the Tracer below, tracks context.
import "../shared/xray-context-mode";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { addRequestMetrics, functionVersion } from "../shared/request-metrics";
import type { RequestOutcome } from "./api/read-api";
import { recordShadowRead } from "./shadow/record-shadow-read";
import type { ShadowReadOutcome } from "./shadow/serve-shadow-read";

/**
 * Logger, Metrics and Tracer, created once per container (Powertools' own advice) and shared by
 * the handler and the connection code. Their names come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE, set by the stack; the defaults serve local runs.
 */
export const SERVICE_NAME = "huntaze-prisma-read";
export const METRICS_NAMESPACE = "Huntaze/ReadPath";

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });
/** The version this container runs, for the metrics a canary's alarms judge it by. */
const version = functionVersion(process.env);

/**
 * One request's log line and metrics (EMF, so CloudWatch extracts them from the log without an API
 * call: see contracts/read-path-metrics.ts), and the failure behind any 5xx.
 */
export function recordOutcome(outcome: RequestOutcome): void {
  // Dimension sets added here last until the handler publishes, at the end of the invocation.
  addRequestMetrics(metrics, { route: outcome.route, statusCode: outcome.statusCode, durationMs: outcome.durationMs, version });
  if (outcome.credentialsRefreshed) metrics.addMetric("CredentialRefreshes", MetricUnit.Count, 1);
  tracer.putAnnotation("route", outcome.route);
  tracer.putAnnotation("statusCode", outcome.statusCode);

  const fields = { route: outcome.route, statusCode: outcome.statusCode, durationMs: Math.round(outcome.durationMs), credentialsRefreshed: outcome.credentialsRefreshed };
  if (outcome.statusCode >= 500) logger.error("request failed", { ...fields, error: outcome.error as Error });
  else logger.info("request served", fields);
}

/** One shadow read's metrics and log lines, apart from the callers' requests (shadow/record-shadow-read.ts). */
export function recordShadowOutcome(outcome: ShadowReadOutcome): void {
  recordShadowRead(metrics, logger, version, outcome);
  tracer.putAnnotation("route", outcome.route);
  tracer.putAnnotation("shadow", true);
}
