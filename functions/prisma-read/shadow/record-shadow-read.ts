import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricResolution, MetricUnit, type Metrics } from "@aws-lambda-powertools/metrics";
import { VERSION_DIMENSION } from "../../../contracts/read-path-metrics";
import { SHADOW_FAILURE_LOG_MESSAGE, SHADOW_KIND_DIMENSION, SHADOW_METRICS, SHADOW_MISMATCH_LOG_MESSAGE } from "../../../contracts/shadow-read";
import { addHighResolutionCount } from "../../shared/request-metrics";
import type { ShadowReadOutcome } from "./serve-shadow-read";

/** Mismatch lines logged per shadow read at most: an answer of another shape altogether would otherwise log a line per field. */
export const MAX_LOGGED_MISMATCHES = 20;

/**
 * One shadow read's metrics (contracts/shadow-read.ts) and log lines. Its own metrics only: a shadow
 * read never counts in Requests, ServerErrors or RequestLatency, which judge what callers get.
 *
 * ShadowReads, ShadowMismatches, ShadowErrors and ShadowLatency go out with the handler's publish in
 * `[service]`, `[service, version]` and `[service, route]`; ShadowMismatches goes out once more per
 * kind found, at once, in `[service, route, kind]` (EMF gives every metric of a document the same
 * dimension sets, so a kind needs a document of its own). Each mismatch is one WARN line naming the
 * route, kind, path and both sides' shapes: never a value, so no creator data reaches the logs.
 */
export function recordShadowRead(metrics: Metrics, logger: Logger, version: string, outcome: ShadowReadOutcome): void {
  const { route, mismatches } = outcome;
  metrics.addDimensions({}); // `[service]` alone: Powertools adds its default dimension to every set
  metrics.addDimensions({ [VERSION_DIMENSION]: version });
  metrics.addDimensions({ route });
  addHighResolutionCount(metrics, SHADOW_METRICS.shadowReads, true);
  addHighResolutionCount(metrics, SHADOW_METRICS.shadowMismatches, mismatches.length > 0);
  addHighResolutionCount(metrics, SHADOW_METRICS.shadowErrors, outcome.failed);
  metrics.addMetric(SHADOW_METRICS.shadowLatency, MetricUnit.Milliseconds, outcome.durationMs, MetricResolution.High);
  for (const kind of new Set(mismatches.map((mismatch) => mismatch.kind))) {
    // A single-metric instance publishes as soon as its metric is added.
    metrics.singleMetric().addDimensions({ route, [SHADOW_KIND_DIMENSION]: kind }).addMetric(SHADOW_METRICS.shadowMismatches, MetricUnit.Count, 1, MetricResolution.High);
  }

  for (const mismatch of mismatches.slice(0, MAX_LOGGED_MISMATCHES)) logger.warn(SHADOW_MISMATCH_LOG_MESSAGE, { route, ...mismatch });
  if (mismatches.length > MAX_LOGGED_MISMATCHES) {
    logger.warn("shadow read mismatches left out of the log", { route, leftOut: mismatches.length - MAX_LOGGED_MISMATCHES });
  }
  const fields = { route, shadow: true, statusCode: outcome.statusCode, durationMs: Math.round(outcome.durationMs), mismatches: mismatches.length };
  if (outcome.failed) logger.error(SHADOW_FAILURE_LOG_MESSAGE, { ...fields, error: outcome.error as Error });
  else logger.info("shadow read served", fields);
}
