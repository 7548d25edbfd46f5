import { MetricResolution, MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import { REQUEST_METRICS, VERSION_DIMENSION } from "../../contracts/read-path-metrics";

/** What Lambda sets: the number of the version running (`$LATEST` when invoked unqualified, or outside Lambda). */
export function functionVersion(environment: Readonly<Record<string, string | undefined>>): string {
  return environment.AWS_LAMBDA_FUNCTION_VERSION || "$LATEST";
}

export interface RequestMetricsInput {
  readonly route: string;
  readonly statusCode: number;
  readonly durationMs: number;
  /** The version that served the request (`functionVersion`). */
  readonly version: string;
}

/** A 5xx, whatever produced it: a 4xx is the caller's mistake and never a server error. */
export function isServerError(statusCode: number): boolean {
  return statusCode >= 500;
}

/**
 * Adds one request's metrics, in the dimension sets of contracts/read-path-metrics.ts, to be
 * published with the handler's publish (once per invocation). Metrics added to the same instance
 * before that publish share these dimension sets.
 */
export function addRequestMetrics(metrics: Metrics, input: RequestMetricsInput): void {
  metrics.addDimensions({}); // `[service]` alone: Powertools adds its default dimension to every set
  metrics.addDimensions({ [VERSION_DIMENSION]: input.version });
  metrics.addDimensions({ route: input.route, statusClass: `${Math.floor(input.statusCode / 100)}xx` });
  addHighResolutionCount(metrics, REQUEST_METRICS.requests, true);
  addHighResolutionCount(metrics, REQUEST_METRICS.serverErrors, isServerError(input.statusCode));
  metrics.addMetric(REQUEST_METRICS.latency, MetricUnit.Milliseconds, input.durationMs, MetricResolution.High);
}

/** A 0-or-1 count, published as 0 too, so that a rate over it has data in every period with requests. */
export function addHighResolutionCount(metrics: Metrics, name: string, happened: boolean): void {
  metrics.addMetric(name, MetricUnit.Count, happened ? 1 : 0, MetricResolution.High);
}
