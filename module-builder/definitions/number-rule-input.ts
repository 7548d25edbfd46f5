import { numberRuleText, type NumberRule } from "../../constructs/number-rule";
import type { InputValidation, ModuleInput } from "../module-stack";

/** The rule as an HCL condition over `var.<input>`: the construct's check, for Terraform to run at plan. */
export function numberRuleCondition(input: string, rule: NumberRule): string {
  const variable = `var.${input}`;
  if (rule.oneOf && rule.orMultipleOf !== undefined) {
    const m = rule.orMultipleOf;
    return `contains([${rule.oneOf.join(", ")}], ${variable}) || (${variable} >= ${m} && ${variable} % ${m} == 0)`;
  }
  if (rule.oneOf) return `contains([${rule.oneOf.join(", ")}], ${variable})`;
  const terms = rule.fractional ? [] : [`floor(${variable}) == ${variable}`];
  if (rule.min !== undefined) terms.push(`${variable} >= ${rule.min}`);
  if (rule.above !== undefined) terms.push(`${variable} > ${rule.above}`);
  if (rule.max !== undefined) terms.push(`${variable} <= ${rule.max}`);
  // A rule with no bound at all still says "a number": Terraform's type already checks that.
  return terms.length > 0 ? terms.join(" && ") : "true";
}

/** The input's `validation`, with the construct's message: `memory_size_mb must be a whole number from 128 to 10240.` */
export function numberRuleValidation(input: string, rule: NumberRule): InputValidation {
  return { condition: numberRuleCondition(input, rule), errorMessage: `${input} must be ${numberRuleText(rule)}.` };
}

/**
 * A number input declared from the construct's rule for that prop: its type, its default (an
 * optional prop's; none makes the input required, as the prop is) and its validation.
 */
export function numberRuleInput(input: string, rule: NumberRule, description: string): ModuleInput {
  return {
    type: "number",
    description,
    ...(rule.default !== undefined ? { default: rule.default } : {}),
    validation: [numberRuleValidation(input, rule)],
  };
}
