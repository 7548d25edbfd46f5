import { FUNCTION_ALARMS_RULES } from "./function-alarms-rules";
import type { NumberRule } from "./number-rule";

/**
 * ShadowAlarm's number props, in one place: checked by the construct (shadow-alarm.ts) and
 * declared by the shadow-alarm module's inputs (module-builder/definitions/shadow-alarm.ts).
 */
export const SHADOW_ALARM_RULES = {
  /** A share of shadow reads, in percent. */
  thresholdPercent: { fractional: true, min: 0, max: 100 },
  /** The same volume guard as the function alarms', counted in shadow reads. */
  minimumShadowReads: FUNCTION_ALARMS_RULES.minimumRequests,
} as const satisfies Record<string, NumberRule>;
