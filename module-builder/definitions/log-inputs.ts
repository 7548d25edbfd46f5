import type { TerraformVariable } from "cdktf";
import type { ModuleStack } from "../module-stack";

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * The inputs every module with log groups takes: how long they keep events, and the KMS key that
 * encrypts them. `logGroups` names the groups in the descriptions ("the API's log groups").
 */
export function logInputs(stack: ModuleStack, logGroups: string, defaultRetentionInDays: number): { retention: TerraformVariable; kmsKeyArn: TerraformVariable } {
  return {
    retention: stack.input("log_retention_in_days", {
      type: "number",
      description: `Retention of ${logGroups}, in days.`,
      default: defaultRetentionInDays,
      validation: [
        {
          condition: `contains([${LOG_RETENTION_DAYS.join(", ")}], var.log_retention_in_days)`,
          errorMessage: `log_retention_in_days must be one CloudWatch Logs accepts (${LOG_RETENTION_DAYS.slice(0, 12).join(", ")}, ...).`,
        },
      ],
    }),
    kmsKeyArn: stack.input("log_kms_key_arn", {
      type: "string",
      description: `A KMS key for ${logGroups}. Null: CloudWatch Logs' own encryption.`,
      default: null,
    }),
  };
}
