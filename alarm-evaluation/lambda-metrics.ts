import type { Datapoint } from "./metric-store";

/** One invocation of a function through an alias, as Lambda counts it. */
export interface LambdaInvocation {
  readonly functionName: string;
  readonly aliasName: string;
  /** The version that ran it. */
  readonly version: string;
  readonly timestampMs: number;
  readonly durationMs: number;
  /** The invocation failed in Lambda's eyes: an exception out of the handler or its init, a timeout. */
  readonly failed: boolean;
}

/**
 * The AWS/Lambda metrics an invocation through an alias implies, standard resolution (per minute):
 * Invocations, Errors and Duration by function, by alias (`Resource` = function:alias), and by the
 * version that ran it (`ExecutedVersion`, published for alias invocations).
 */
export function lambdaInvocationDatapoints(invocation: LambdaInvocation): Datapoint[] {
  const byFunction = { FunctionName: invocation.functionName };
  const byAlias = { ...byFunction, Resource: `${invocation.functionName}:${invocation.aliasName}` };
  const byExecutedVersion = { ...byAlias, ExecutedVersion: invocation.version };
  const values: Array<[string, number]> = [
    ["Invocations", 1],
    ["Errors", invocation.failed ? 1 : 0],
    ["Duration", invocation.durationMs],
  ];
  return [byFunction, byAlias, byExecutedVersion].flatMap((dimensions) =>
    values.map(([metricName, value]) => ({
      namespace: "AWS/Lambda",
      metricName,
      dimensions,
      timestampMs: invocation.timestampMs,
      value,
      highResolution: false,
    })),
  );
}
