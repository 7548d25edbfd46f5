/** One value of one metric, as CloudWatch stores it: a namespace, a name, an exact set of dimensions. */
export interface Datapoint {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly timestampMs: number;
  readonly value: number;
  /** Stored at 1 s (StorageResolution 1) rather than CloudWatch's standard minute. */
  readonly highResolution: boolean;
}

/** What an alarm asks for: one metric, by its exact dimensions (CloudWatch matches the whole set). */
export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

const MINUTE_MS = 60_000;

function key(metric: MetricIdentity): string {
  const dimensions = Object.entries(metric.dimensions).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([metric.namespace, metric.metricName, dimensions]);
}

/**
 * Datapoints by metric, as CloudWatch keeps them: a standard-resolution value is stored in its
 * minute (so a 10 s period sees it only in the period that starts the minute), a high-resolution
 * one at its second.
 */
export class MetricStore {
  private readonly byMetric = new Map<string, Array<{ timestampMs: number; value: number }>>();

  add(datapoint: Datapoint): void {
    const stored = datapoint.highResolution
      ? Math.floor(datapoint.timestampMs / 1000) * 1000
      : Math.floor(datapoint.timestampMs / MINUTE_MS) * MINUTE_MS;
    const series = this.byMetric.get(key(datapoint)) ?? [];
    series.push({ timestampMs: stored, value: datapoint.value });
    this.byMetric.set(key(datapoint), series);
  }

  addAll(datapoints: Iterable<Datapoint>): void {
    for (const datapoint of datapoints) this.add(datapoint);
  }

  /** The values of one metric stored in [fromMs, toMs). */
  values(metric: MetricIdentity, fromMs: number, toMs: number): number[] {
    return (this.byMetric.get(key(metric)) ?? []).filter((point) => point.timestampMs >= fromMs && point.timestampMs < toMs).map((point) => point.value);
  }

  /** Every metric stored, for a failing test to show what was there instead. */
  metrics(): string[] {
    return [...this.byMetric.keys()];
  }
}
