import { knownAtSynth } from "./known-at-synth";

/**
 * The rule on one number prop, written once: the construct checks it at synth where the value is
 * known there, and the construct's Terraform module (module-builder/definitions/) declares the same
 * rule as its input's `validation`, and the same default, for Terraform to check at plan.
 */
export interface NumberRule {
  /**
   * Fractions are allowed (a percentage threshold).
   * @default false: whole numbers only
   */
  readonly fractional?: boolean;
  /** The smallest value allowed. */
  readonly min?: number;
  /** A bound the value must exceed (a threshold of 0 would alarm on everything). */
  readonly above?: number;
  /** The largest value allowed. */
  readonly max?: number;
  /** The only values allowed, as a service lists them (CloudWatch Logs' retention periods). */
  readonly oneOf?: readonly number[];
  /** What `oneOf` is, in a message: "one CloudWatch Logs accepts". */
  readonly oneOfName?: string;
  /** Besides `oneOf`, any multiple of this from it up (CloudWatch's periods: 10, 20, 30 or a multiple of 60). */
  readonly orMultipleOf?: number;
  /** What the number counts, in words after "a whole number": `of percent`. */
  readonly unit?: string;
  /** The value an optional prop takes when not given. */
  readonly default?: number;
}

/** The rule in words, after "must be": `a whole number from 128 to 10240`. */
export function numberRuleText(rule: NumberRule): string {
  if (rule.oneOf && rule.orMultipleOf !== undefined) {
    return `${rule.oneOf.join(", ")} or a multiple of ${rule.orMultipleOf}${rule.oneOfName ? ` (${rule.oneOfName})` : ""}`;
  }
  if (rule.oneOf) return `${rule.oneOfName ?? "one of"} (${rule.oneOf.join(", ")})`;
  const kind = `${rule.fractional ? "a number" : "a whole number"}${rule.unit ? ` ${rule.unit}` : ""}`;
  const bounds = [
    rule.min !== undefined && rule.max !== undefined ? `from ${rule.min} to ${rule.max}` : undefined,
    rule.min !== undefined && rule.max === undefined ? `of at least ${rule.min}` : undefined,
    rule.max !== undefined && rule.min === undefined ? `of at most ${rule.max}` : undefined,
    rule.above !== undefined ? `above ${rule.above}` : undefined,
  ].filter((bound) => bound !== undefined);
  return [kind, ...bounds].join(" ");
}

/** Whether a value keeps the rule. */
export function keepsNumberRule(rule: NumberRule, value: number): boolean {
  if (!Number.isFinite(value) || (!rule.fractional && !Number.isInteger(value))) return false;
  const multiple = rule.orMultipleOf !== undefined && value >= rule.orMultipleOf && value % rule.orMultipleOf === 0;
  if (rule.oneOf && !rule.oneOf.includes(value) && !multiple) return false;
  if (rule.above !== undefined && !(value > rule.above)) return false;
  return (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
}

/**
 * Throws `<path>: <prop> must be <rule>, got <value>` for a value known at synth that breaks the
 * rule; a value Terraform knows only at plan is left to the module's validation.
 */
export function checkNumberRule(path: string, prop: string, rule: NumberRule, value: number | undefined): void {
  if (value === undefined || !knownAtSynth(value) || keepsNumberRule(rule, value)) return;
  throw new Error(`${path}: ${prop} must be ${numberRuleText(rule)}, got ${value}`);
}

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A log group's retention, in days: one CloudWatch Logs accepts, 30 unless given. */
export const LOG_RETENTION_RULE = {
  oneOf: CLOUDWATCH_LOG_RETENTION_DAYS,
  oneOfName: "one CloudWatch Logs accepts",
  default: 30,
} as const satisfies NumberRule;
