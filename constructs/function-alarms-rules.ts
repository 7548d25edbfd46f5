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
} as const satisfies Record<string, NumberRule>;
