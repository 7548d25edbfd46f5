import type { Datapoint } from "./metric-store";

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: string[][];
  readonly Metrics: Array<{ Name: string; Unit?: string; StorageResolution?: number }>;
}

/** A log line that is not a valid EMF document, named by what is wrong. */
export class InvalidEmfError extends Error {}

/**
 * The datapoints CloudWatch extracts from one log line in the Embedded Metric Format: every metric
 * of every directive, once per dimension set, its dimension values and metric value read from the
 * document's root. Lines that are not EMF (other log lines) give nothing.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function datapointsFromEmf(line: string, timestampMs?: number): Datapoint[] {
  if (!line.includes('"_aws"')) return [];
  let document: Record<string, unknown> & { _aws?: { Timestamp?: number; CloudWatchMetrics?: EmfDirective[] } };
  try {
    document = JSON.parse(line);
  } catch {
    return [];
  }
  const metadata = document._aws;
  if (!metadata?.CloudWatchMetrics) return [];
  const at = timestampMs ?? metadata.Timestamp;
  if (typeof at !== "number") throw new InvalidEmfError(`EMF document without a numeric _aws.Timestamp: ${line.slice(0, 200)}`);
  const datapoints: Datapoint[] = [];
  for (const directive of metadata.CloudWatchMetrics) {
    for (const dimensionSet of directive.Dimensions) {
      const dimensions: Record<string, string> = {};
      for (const name of dimensionSet) {
        const value = document[name];
        if (typeof value !== "string") throw new InvalidEmfError(`EMF dimension "${name}" has no string value at the document's root: ${line.slice(0, 200)}`);
        dimensions[name] = value;
      }
      for (const metric of directive.Metrics) {
        const raw = document[metric.Name];
        const values = Array.isArray(raw) ? raw : [raw];
        for (const value of values) {
          if (typeof value !== "number") throw new InvalidEmfError(`EMF metric "${metric.Name}" has no numeric value at the document's root: ${line.slice(0, 200)}`);
          datapoints.push({
            namespace: directive.Namespace,
            metricName: metric.Name,
            dimensions,
            timestampMs: at,
            value,
            highResolution: metric.StorageResolution === 1,
          });
        }
      }
    }
  }
  return datapoints;
}
