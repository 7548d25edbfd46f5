import type { ServedInvocation } from "../bundling/run-zipped-handler";
import { datapointsFromEmf } from "./emf";
import { lambdaInvocationDatapoints } from "./lambda-metrics";
import type { MetricStore } from "./metric-store";

/** One request of a simulated stream: when, and which real invocation's metrics it carries. */
export interface ScheduledInvocation {
  readonly atMs: number;
  readonly functionName: string;
  readonly aliasName: string;
  /** The version that served it: Lambda's ExecutedVersion. */
  readonly version: string;
  readonly served: ServedInvocation;
}

/** Request times at a steady rate: `seconds` × `requestsPerSecond` requests from `startMs`, evenly spaced. */
export function steadyTimes(startMs: number, seconds: number, requestsPerSecond: number): number[] {
  const count = Math.round(seconds * requestsPerSecond);
  return Array.from({ length: count }, (_, index) => startMs + Math.floor((index * 1000) / requestsPerSecond));
}

/**
 * Puts the metrics of each scheduled invocation into the store, stamped with its scheduled time:
 * what the invocation's own EMF lines say, and the AWS/Lambda metrics its outcome implies. The
 * metrics' content comes from real invocations of the deployable zips; only their times are
 * simulated, so that minutes of steady traffic take a test a second.
 */
export function replay(store: MetricStore, invocations: Iterable<ScheduledInvocation>): void {
  for (const invocation of invocations) {
    for (const line of invocation.served.stdout.split("\n")) store.addAll(datapointsFromEmf(line, invocation.atMs));
    store.addAll(
      lambdaInvocationDatapoints({
        functionName: invocation.functionName,
        aliasName: invocation.aliasName,
        version: invocation.version,
        timestampMs: invocation.atMs,
        durationMs: invocation.served.durationMs,
        failed: invocation.served.failed,
      }),
    );
  }
}
