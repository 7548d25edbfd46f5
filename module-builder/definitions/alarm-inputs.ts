import type { TerraformVariable } from "cdktf";
import type { ModuleStack } from "../module-stack";

/**
 * The inputs every module with FunctionAlarms takes: the two thresholds that judge the alias, and
 * the topic the alarms notify. `consequence` says what crossing a threshold does in that module.
 */
export function alarmInputs(
  stack: ModuleStack,
  consequence: string,
): { errorRate: TerraformVariable; p95Duration: TerraformVariable; topicArn: TerraformVariable } {
  return {
    errorRate: stack.input("error_rate_threshold_percent", {
      type: "number",
      description: `${consequence} when errors exceed this share of the alias's invocations, in percent.`,
      validation: [{ condition: "var.error_rate_threshold_percent >= 0 && var.error_rate_threshold_percent <= 100", errorMessage: "error_rate_threshold_percent must be 0-100." }],
    }),
    p95Duration: stack.input("p95_duration_threshold_ms", {
      type: "number",
      description: `${consequence} when the 95th percentile of the alias's duration exceeds this, in milliseconds.`,
      validation: [{ condition: "var.p95_duration_threshold_ms > 0", errorMessage: "p95_duration_threshold_ms must be above 0." }],
    }),
    topicArn: stack.input("alarm_topic_arn", {
      type: "string",
      description: "The SNS topic every alarm and OK notification goes to (the alert-topic module's alert_topic_arn).",
    }),
  };
}
