import type { NumberRule } from "./number-rule";

/**
 * FunctionAlarms' number props: their bounds and the defaults of the optional ones, in one place.
 * The construct checks them (function-alarms.ts); the modules whose alarms it builds declare them
 * as inputs (module-builder/definitions/alarm-inputs.ts): a bound changed here changes both.
 */
export const FUNCTION_ALARMS_RULES = {
  /** A share of requests, in percent. */
  errorRateThresholdPercent: { fractional: true, min: 0, max: 100 },
  /** A latency of 0 ms or less would alarm on every request. */
  p95DurationThresholdMs: { fractional: true, above: 0 },
  /** A period with fewer requests judges nothing: one failure among a few quiet-hour requests rolls nothing back. */
  minimumRequests: { min: 1, default: 10 },
  /** 10 s periods over high-resolution metrics: two breaching periods detect a failure within half a minute. */
  periodSeconds: { oneOf: [10, 20, 30], orMultipleOf: 60, oneOfName: "CloudWatch's rule", default: 10 },
  /** How many recent periods an alarm looks at. */
  evaluationPeriods: { min: 1, default: 3 },
  /** How many of them must breach; at most evaluationPeriods, which the construct and module check beside. */
  datapointsToAlarm: { min: 1, default: 2 },
} as const satisfies Record<string, NumberRule>;
