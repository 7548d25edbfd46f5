import { awsNameRule } from "../../constructs/text-rule";
import type { InputValidation } from "../module-stack";
import { textRuleValidation } from "./text-rule-input";

/**
 * The validation of an input that is an AWS name (constructs/text-rule.ts's awsNameRule), for a
 * module whose construct has no rules table for that prop yet. `why` explains a bound tighter than
 * the service's own ("(room is left for …)").
 */
export function nameRule(input: string, maxLength: number, why?: string): InputValidation {
  return textRuleValidation(input, awsNameRule(maxLength, why));
}
