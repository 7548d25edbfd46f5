import { knownAtSynth } from "./known-at-synth";

/**
 * The rule on one text prop (a name, an identifier, a choice), written once: the construct checks
 * it at synth where the value is known there, and its Terraform module
 * (module-builder/definitions/text-rule-input.ts) declares the same rule as the input's
 * `validation`, with the same default, for Terraform to check at plan.
 */
export interface TextRule {
  /**
   * A pattern the whole value matches, anchored with `^…$`. Written in the syntax JavaScript's
   * RegExp and Terraform's `regex` (RE2) read alike: character classes, `{m,n}`, `(…)?`, no
   * lookaround or back-references.
   */
  readonly pattern?: string;
  /** The only values allowed. */
  readonly oneOf?: readonly string[];
  /** A limit the pattern cannot say, or says less plainly (a name that prefixes longer names). */
  readonly maxLength?: number;
  /** A prefix the value must not start with (a reserved namespace: `alias/aws/`). */
  readonly reservedPrefix?: string;
  /**
   * The rule in words, after "must": `be 1-63 lower-case letters, digits or hyphens`.
   * @default - for `oneOf`, `be a, b or c`
   */
  readonly must?: string;
  /** The value an optional prop, or a module's optional input, takes when not given. */
  readonly default?: string;
}

/** The rule on a list prop: how many entries it holds, and what each must be. */
export interface ListRule {
  /** The fewest entries allowed. */
  readonly minItems?: number;
  /** The most entries allowed. */
  readonly maxItems?: number;
  /** What the entries are, in a message about their number: `alarms`. */
  readonly itemsName?: string;
  /** One entry, for "at least one": `user pool`. */
  readonly itemName?: string;
  /** Why the number is bounded, appended to its message: `(AppConfig watches at most 5)`, or `, or …`. */
  readonly why?: string;
  /** The rule every entry keeps. */
  readonly each?: TextRule;
  /** The value an optional prop, or a module's optional input, takes when not given. */
  readonly default?: readonly string[];
}

/**
 * The rule most AWS names follow: 1 to `maxLength` letters, digits, hyphens or underscores. `why`
 * explains a bound tighter than the service's own, or names the service: `(CloudWatch's rule)`.
 */
export function awsNameRule(maxLength: number, why?: string): TextRule {
  return {
    pattern: `^[A-Za-z0-9_-]{1,${maxLength}}$`,
    must: `be 1-${maxLength} letters, digits, hyphens or underscores${why ? ` ${why}` : ""}`,
  };
}

/** `a, b or c`. */
export function wordsList(values: readonly string[]): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** The rule in words, after "must": `be 1-63 lower-case letters, digits or hyphens`. */
export function textRuleText(rule: TextRule): string {
  if (rule.must) return rule.must;
  if (rule.oneOf) return `be ${wordsList(rule.oneOf)}`;
  throw new Error(`a text rule needs its words (must) unless it lists its values: ${JSON.stringify(rule)}`);
}

/** Whether a value keeps the rule. */
export function keepsTextRule(rule: TextRule, value: string): boolean {
  if (typeof value !== "string") return false;
  if (rule.pattern !== undefined && !new RegExp(rule.pattern).test(value)) return false;
  if (rule.oneOf && !rule.oneOf.includes(value)) return false;
  if (rule.maxLength !== undefined && value.length > rule.maxLength) return false;
  return rule.reservedPrefix === undefined || !value.startsWith(rule.reservedPrefix);
}

/** The number of entries in words, after "must": `name 1-5 alarms (AppConfig watches at most 5)`. */
export function listCountText(rule: ListRule): string | undefined {
  const { minItems: min, maxItems: max } = rule;
  if (min === undefined && max === undefined) return undefined;
  const why = rule.why === undefined ? "" : rule.why.startsWith(",") ? rule.why : ` ${rule.why}`;
  if (min === 1 && max === undefined && rule.itemName) return `name at least one ${rule.itemName}${why}`;
  const count = min !== undefined && max !== undefined ? `${min}-${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
  return `name ${count} ${rule.itemsName ?? "entries"}${why}`;
}

/**
 * Throws `<path>: <prop> must <rule>, got "<value>"` for a value known at synth that breaks the
 * rule; a value Terraform knows only at plan is left to the module's validation.
 */
export function checkTextRule(path: string, prop: string, rule: TextRule, value: string | undefined): void {
  if (value === undefined || !knownAtSynth(value) || keepsTextRule(rule, value)) return;
  throw new Error(`${path}: ${prop} must ${textRuleText(rule)}, got ${JSON.stringify(value)}`);
}

/**
 * Throws for a list known at synth with too few or too many entries, naming the count, or with an
 * entry known at synth that breaks `each`, naming it by index (`emails[1]`).
 */
export function checkListRule(path: string, prop: string, rule: ListRule, values: readonly string[] | undefined): void {
  if (values === undefined || !knownAtSynth(values)) return;
  const tooFew = rule.minItems !== undefined && values.length < rule.minItems;
  const tooMany = rule.maxItems !== undefined && values.length > rule.maxItems;
  if (tooFew || tooMany) throw new Error(`${path}: ${prop} must ${listCountText(rule)}, got ${values.length}`);
  if (rule.each) values.forEach((value, index) => checkTextRule(path, `${prop}[${index}]`, rule.each!, value));
}
