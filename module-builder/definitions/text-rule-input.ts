import { listCountText, textRuleText, type ListRule, type TextRule } from "../../constructs/text-rule";
import type { InputValidation, ModuleInput } from "../module-stack";

/** A string as an HCL literal: JSON's escapes, which HCL reads alike, with `${` and `%{` kept literal. */
function hclString(value: string): string {
  return JSON.stringify(value).replace(/([$%])\{/g, "$1$1{");
}

/**
 * The rule as an HCL condition over `value` (`var.<input>`, or an entry of a list input): the
 * construct's check, for Terraform to run at plan.
 */
export function textRuleCondition(value: string, rule: TextRule): string {
  const terms: string[] = [];
  if (rule.pattern !== undefined) terms.push(`can(regex(${hclString(rule.pattern)}, ${value}))`);
  if (rule.oneOf) terms.push(`contains([${rule.oneOf.map(hclString).join(", ")}], ${value})`);
  if (rule.maxLength !== undefined) terms.push(`length(${value}) <= ${rule.maxLength}`);
  if (rule.reservedPrefix !== undefined) terms.push(`!startswith(${value}, ${hclString(rule.reservedPrefix)})`);
  // A rule with no term still says "a string": Terraform's type already checks that.
  return terms.length > 0 ? terms.join(" && ") : "true";
}

/** The input's `validation`, with the construct's message: `identifier must be 1-63 lower-case letters, ….` */
export function textRuleValidation(input: string, rule: TextRule): InputValidation {
  return { condition: textRuleCondition(`var.${input}`, rule), errorMessage: `${input} must ${textRuleText(rule)}.` };
}

/**
 * A string input declared from the construct's rule for that prop: its type, its default (none
 * makes the input required) and its validation. `extra` adds checks the construct makes across
 * props (a name built from two inputs).
 */
export function textRuleInput(input: string, rule: TextRule, description: string, extra: readonly InputValidation[] = []): ModuleInput {
  return {
    type: "string",
    description,
    ...(rule.default !== undefined ? { default: rule.default } : {}),
    validation: [textRuleValidation(input, rule), ...extra],
  };
}

/** The list input's validations: its number of entries, then each entry's rule. */
export function listRuleValidations(input: string, rule: ListRule): InputValidation[] {
  const variable = `var.${input}`;
  const validations: InputValidation[] = [];
  const count = [
    rule.minItems !== undefined ? `length(${variable}) >= ${rule.minItems}` : undefined,
    rule.maxItems !== undefined ? `length(${variable}) <= ${rule.maxItems}` : undefined,
  ].filter((term) => term !== undefined);
  if (count.length > 0) validations.push({ condition: count.join(" && "), errorMessage: `${input} must ${listCountText(rule)}.` });
  if (rule.each) {
    validations.push({
      condition: `alltrue([for entry in ${variable} : ${textRuleCondition("entry", rule.each)}])`,
      errorMessage: `Every entry of ${input} must ${textRuleText(rule.each)}.`,
    });
  }
  return validations;
}

/** A `list(string)` input declared from the construct's rule for that prop. */
export function listRuleInput(input: string, rule: ListRule, description: string): ModuleInput {
  return {
    type: "list(string)",
    description,
    ...(rule.default !== undefined ? { default: rule.default } : {}),
    validation: listRuleValidations(input, rule),
  };
}
