import type { TerraformVariable } from "cdktf";
import { LOG_RETENTION_RULE, type NumberRule } from "../../constructs/number-rule";
import type { ModuleStack } from "../module-stack";
import { numberRuleInput } from "./number-rule-input";

/**
 * The inputs every module with log groups takes: how long they keep events, and the KMS key that
 * encrypts them. `logGroups` names the groups in the descriptions ("the API's log groups");
 * `retentionRule` is the construct's rule for its logRetentionInDays prop.
 */
export function logInputs(
  stack: ModuleStack,
  logGroups: string,
  retentionRule: NumberRule = LOG_RETENTION_RULE,
): { retention: TerraformVariable; kmsKeyArn: TerraformVariable } {
  return {
    retention: stack.input("log_retention_in_days", numberRuleInput("log_retention_in_days", retentionRule, `Retention of ${logGroups}, in days.`)),
    kmsKeyArn: stack.input("log_kms_key_arn", {
      type: "string",
      description: `A KMS key for ${logGroups}. Null: CloudWatch Logs' own encryption.`,
      default: null,
    }),
  };
}
