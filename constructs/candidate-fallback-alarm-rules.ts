import { FUNCTION_ALARMS_RULES } from "./function-alarms-rules";
import type { NumberRule } from "./number-rule";

/**
 * CandidateFallbackAlarm's number props, in one place: checked by the construct
 * (candidate-fallback-alarm.ts) and declared by its module's inputs
 * (module-builder/definitions/candidate-fallback-alarm.ts).
 */
export const CANDIDATE_FALLBACK_ALARM_RULES = {
  /** A share of reads, in percent. */
  thresholdPercent: { fractional: true, min: 0, max: 100 },
  /** The same volume guard as the function alarms'. */
  minimumRequests: FUNCTION_ALARMS_RULES.minimumRequests,
} as const satisfies Record<string, NumberRule>;
