import { DEFAULT_ALARM_PERIOD_SECONDS, DEFAULT_DATAPOINTS_TO_ALARM, DEFAULT_EVALUATION_PERIODS, FunctionAlarms } from "../../constructs/function-alarms";
import type { ModuleDefinition } from "../module-definition";
import { alarmInputs } from "./alarm-inputs";

export const functionAlarmsModule: ModuleDefinition = {
  name: "function-alarms",
  construct: "FunctionAlarms",
  summary: `
The CloudWatch alarms that judge a Lambda function's alias, as the read path's canary uses them:

- **error rate**, by metric math (\`IF(invocations > 0, 100 * errors / invocations, 0)\`), so a quiet
  minute is 0 % rather than missing data;
- **p95 duration**;
- **throttles** (its reserved concurrency is exhausted);
- **dead letters** waiting in its queue (one message is enough).

Missing data is not breaching: a quiet function is a healthy one. The first two are the rollback
alarms of a CodeDeploy canary: pass \`function_alarms_rollback_alarm_names\` to a deployment group's
\`alarm_configuration\`, and a new version that errs or slows down is rolled back by itself.`,
  usage: `
module "checkout_alarms" {
  source = "../../function-alarms"

  function_name                 = aws_lambda_function.checkout.function_name
  alias_name                    = aws_lambda_alias.checkout_live.name
  dead_letter_queue_name        = aws_sqs_queue.checkout_dead_letters.name
  error_rate_threshold_percent  = 2
  p95_duration_threshold_ms     = 800
  alarm_topic_arn               = module.alerts.alert_topic_arn
}`,

  define(stack) {
    const functionName = stack.input("function_name", { type: "string", description: "The Lambda function whose alias is watched; also prefixes the alarms' names." });
    const aliasName = stack.input("alias_name", {
      type: "string",
      description: "The alias whose traffic is judged: the one a canary shifts, so that its metrics judge the new version.",
      default: "live",
    });
    const deadLetterQueueName = stack.input("dead_letter_queue_name", {
      type: "string",
      description: "The function's dead-letter queue (SQS): any message waiting there alarms.",
    });
    const { errorRate, p95Duration, topicArn } = alarmInputs(stack, "Alarm");
    const period = stack.input("period_seconds", {
      type: "number",
      description: "Length of one evaluation period, in seconds.",
      default: DEFAULT_ALARM_PERIOD_SECONDS,
      validation: [
        {
          condition: "contains([10, 20, 30], var.period_seconds) || (var.period_seconds >= 60 && var.period_seconds % 60 == 0)",
          errorMessage: "period_seconds must be 10, 20, 30 or a multiple of 60 (CloudWatch's rule).",
        },
      ],
    });
    const evaluationPeriods = stack.input("evaluation_periods", {
      type: "number",
      description: "How many recent periods an alarm looks at.",
      default: DEFAULT_EVALUATION_PERIODS,
      validation: [{ condition: "var.evaluation_periods >= 1", errorMessage: "evaluation_periods must be at least 1." }],
    });
    const datapointsToAlarm = stack.input("datapoints_to_alarm", {
      type: "number",
      description: "How many of those periods must breach for the alarm to fire; at most evaluation_periods.",
      default: DEFAULT_DATAPOINTS_TO_ALARM,
      validation: [
        {
          condition: "var.datapoints_to_alarm >= 1 && var.datapoints_to_alarm <= var.evaluation_periods",
          errorMessage: "datapoints_to_alarm must be between 1 and evaluation_periods.",
        },
      ],
    });

    const alarms = new FunctionAlarms(stack, "this", {
      name: "this",
      functionName: functionName.stringValue,
      aliasName: aliasName.stringValue,
      deadLetterQueueName: deadLetterQueueName.stringValue,
      errorRateThresholdPercent: errorRate.numberValue,
      p95DurationThresholdMs: p95Duration.numberValue,
      alarmTopicArn: topicArn.stringValue,
      periodSeconds: period.numberValue,
      evaluationPeriods: evaluationPeriods.numberValue,
      datapointsToAlarm: datapointsToAlarm.numberValue,
    });

    stack.output("function_alarms_error_rate_alarm_arn", { value: alarms.errorRate.arn, description: "The error-rate alarm's ARN." });
    stack.output("function_alarms_p95_duration_alarm_arn", { value: alarms.p95Duration.arn, description: "The p95-duration alarm's ARN." });
    stack.output("function_alarms_rollback_alarm_names", {
      value: [alarms.errorRate.alarmName, alarms.p95Duration.alarmName],
      description: "The error-rate and p95 alarms' names: a CodeDeploy deployment group's alarm_configuration, to roll a canary back.",
    });
    stack.output("function_alarms_arns", {
      value: alarms.all.map((alarm) => alarm.arn),
      description: "Every alarm's ARN (error rate, p95 duration, throttles, dead letters), for a dashboard's alarm widget.",
    });
  },
};
