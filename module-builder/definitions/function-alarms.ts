import { Fn } from "cdktf";
import { LIVE_ALIAS_NAME } from "../../constructs/canary-function";
import { FunctionAlarms } from "../../constructs/function-alarms";
import { FUNCTION_ALARMS_RULES } from "../../constructs/function-alarms-rules";
import type { ModuleDefinition } from "../module-definition";
import { numberRuleInput } from "./number-rule-input";
import { alarmInputs, REQUEST_METRICS_CONTRACT } from "./alarm-inputs";

export const functionAlarmsModule: ModuleDefinition = {
  name: "function-alarms",
  construct: "FunctionAlarms",
  summary: `
The CloudWatch alarms that judge a Lambda function on what its callers get, as the read path's
canary and flag use them:

- **canary alarms**, on the version being deployed alone (\`target_version\`): its server-error rate
  and p95 latency from the function's own request metrics, and its crash rate from Lambda's
  (\`Errors\` by \`ExecutedVersion\`: init failures, timeouts, out of memory). Pass
  \`function_alarms_rollback_alarm_names\` to a CodeDeploy deployment group's
  \`alarm_configuration\`, and a new version that errs, slows down or crashes rolls itself back,
  while another version's state never blocks its deployment;
- **function alarms**, on every version: server-error rate and p95 latency (what an AppConfig
  rollout's monitors watch);
- **throttles** (its reserved concurrency is exhausted) and **dead letters** (one message is enough).

Rates use metric math guarded by volume: a period with fewer than \`alarm_minimum_requests\`
requests judges nothing. Request alarms evaluate 10 s periods and fire on 2 breaching periods of
3, so a failure is seen within a minute under steady traffic. Missing data is not breaching.

${REQUEST_METRICS_CONTRACT}`,
  usage: `
module "checkout_alarms" {
  source = "../../function-alarms"

  function_name                 = aws_lambda_function.checkout.function_name
  alias_name                    = aws_lambda_alias.checkout_live.name
  target_version                = aws_lambda_function.checkout.version
  dead_letter_queue_name        = aws_sqs_queue.checkout_dead_letters.name
  error_rate_threshold_percent  = 2
  p95_duration_threshold_ms     = 800
  alarm_topic_arn               = module.alerts.alert_topic_arn
}`,

  define(stack) {
    const functionName = stack.input("function_name", { type: "string", description: "The Lambda function whose alias is watched; also prefixes the alarms' names." });
    const aliasName = stack.input("alias_name", {
      type: "string",
      description: "The alias callers invoke, the one a canary shifts: Lambda's metrics for it back the crash and throttle alarms.",
      default: LIVE_ALIAS_NAME,
    });
    const targetVersion = stack.input("target_version", {
      type: "string",
      description: "The version a canary deploys, the newest published (aws_lambda_function.<name>.version): the canary alarms judge it alone.",
    });
    const deadLetterQueueName = stack.input("dead_letter_queue_name", {
      type: "string",
      description: "The function's dead-letter queue (SQS): any message waiting there alarms.",
    });
    const { errorRate, p95Duration, minimumRequests, metricsNamespace, metricsService, topicArn } = alarmInputs(stack, "Alarm");
    // Bounds, defaults and messages are the construct's (function-alarms-rules.ts).
    const period = stack.input("period_seconds", numberRuleInput("period_seconds", FUNCTION_ALARMS_RULES.periodSeconds, "Length of one evaluation period, in seconds."));
    const evaluationPeriods = stack.input(
      "evaluation_periods",
      numberRuleInput("evaluation_periods", FUNCTION_ALARMS_RULES.evaluationPeriods, "How many recent periods an alarm looks at."),
    );
    const datapointsRule = numberRuleInput(
      "datapoints_to_alarm",
      FUNCTION_ALARMS_RULES.datapointsToAlarm,
      "How many of those periods must breach for the alarm to fire; at most evaluation_periods.",
    );
    const datapointsToAlarm = stack.input("datapoints_to_alarm", {
      ...datapointsRule,
      validation: [
        ...datapointsRule.validation!,
        // The construct's check across its two props (function-alarms.ts).
        { condition: "var.datapoints_to_alarm <= var.evaluation_periods", errorMessage: "datapoints_to_alarm cannot exceed evaluation_periods." },
      ],
    });

    const alarms = new FunctionAlarms(stack, "this", {
      name: "this",
      functionName: functionName.stringValue,
      aliasName: aliasName.stringValue,
      targetVersion: targetVersion.stringValue,
      deadLetterQueueName: deadLetterQueueName.stringValue,
      metricsNamespace: metricsNamespace.stringValue,
      serviceName: Fn.coalesce([metricsService.stringValue, functionName.stringValue]),
      errorRateThresholdPercent: errorRate.numberValue,
      p95DurationThresholdMs: p95Duration.numberValue,
      minimumRequests: minimumRequests.numberValue,
      alarmTopicArn: topicArn.stringValue,
      periodSeconds: period.numberValue,
      evaluationPeriods: evaluationPeriods.numberValue,
      datapointsToAlarm: datapointsToAlarm.numberValue,
    });

    stack.output("function_alarms_error_rate_alarm_arn", { value: alarms.errorRate.arn, description: "The function's server-error-rate alarm's ARN (every version): a flag rollout's monitor." });
    stack.output("function_alarms_p95_latency_alarm_arn", { value: alarms.p95Latency.arn, description: "The function's p95-latency alarm's ARN (every version): a flag rollout's monitor." });
    stack.output("function_alarms_rollback_alarm_names", {
      value: alarms.rollbackAlarms.map((alarm) => alarm.alarmName),
      description: "The canary alarms' names (error rate, p95 latency, crashes of target_version): a CodeDeploy deployment group's alarm_configuration, to roll a canary back.",
    });
    stack.output("function_alarms_rollback_alarm_arns", {
      value: alarms.rollbackAlarms.map((alarm) => alarm.arn),
      description: "The canary alarms' ARNs: what the deployment group's service role may describe.",
    });
    stack.output("function_alarms_arns", {
      value: alarms.all.map((alarm) => alarm.arn),
      description: "Every alarm's ARN (canary, function, throttles, dead letters), for a dashboard's alarm widget.",
    });
  },
};
