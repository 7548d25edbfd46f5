/**
 * The one rule for the prismaRead flag's share: a whole number of percent from 0 to 100. Config
 * (config/schema.ts), the AppConfig profile's JSON-schema validator (constructs/read-path-flag.ts)
 * and the control's parser (functions/mock-read/flag/prisma-read-flag.ts) all take it from here,
 * so that a share one of them accepts is never refused, or silently ignored, by another.
 *
 * Whole numbers because the control routes by creator bucket, 0-99 (functions/mock-read/routing):
 * at 12.5 % exactly the creators of buckets 0-12 would take the candidate, as at 13 %, so a
 * fraction would promise a share it cannot give. Plain data: constructs and the control's bundle
 * import it without loading anything else.
 */
export const FLAG_SHARE_MINIMUM = 0;
export const FLAG_SHARE_MAXIMUM = 100;

/** The rule in words, for every message that refuses a share. */
export const FLAG_SHARE_RULE = `must be a whole number of percent from ${FLAG_SHARE_MINIMUM} to ${FLAG_SHARE_MAXIMUM}`;

/** True for a share the control can route by. */
export function isFlagShare(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= FLAG_SHARE_MINIMUM && value <= FLAG_SHARE_MAXIMUM;
}

/** The rule as JSON Schema (draft-07), for AppConfig's validator. */
export const FLAG_SHARE_JSON_SCHEMA = { type: "integer", minimum: FLAG_SHARE_MINIMUM, maximum: FLAG_SHARE_MAXIMUM } as const;
