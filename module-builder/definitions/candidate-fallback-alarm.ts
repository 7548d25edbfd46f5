import { CandidateFallbackAlarm } from "../../constructs/candidate-fallback-alarm";
import { CANDIDATE_FALLBACK_ALARM_RULES } from "../../constructs/candidate-fallback-alarm-rules";
import { DEFAULT_ALARM_PERIOD_SECONDS, DEFAULT_DATAPOINTS_TO_ALARM, DEFAULT_EVALUATION_PERIODS } from "../../constructs/function-alarms";
import { CANDIDATE_METRICS, READ_PATH_METRICS_NAMESPACE, SERVICE_DIMENSION } from "../../contracts/read-path-metrics";
import type { ModuleDefinition } from "../module-definition";
import { alarmTopicInput, minimumRequestsInput } from "./alarm-inputs";
import { numberRuleInput } from "./number-rule-input";

export const candidateFallbackAlarmModule: ModuleDefinition = {
  name: "candidate-fallback-alarm",
  construct: "CandidateFallbackAlarm",
  summary: `
The alarm on what callers routed to a candidate backend experience, as the control that routes them
sees it: the share of the reads the control handed to the candidate that it then served itself
(the candidate failed, timed out or was throttled). Callers never see these failures, so no
error-rate alarm can; put this alarm among a flag rollout's monitors (the read-path-flag module's
\`monitor_alarm_arns\`), and AppConfig rolls the flag back when it fires.

It reads the control's own metrics, published with EMF in \`metrics_namespace\` at high resolution
(\`StorageResolution: 1\`) for every request, in the dimension set \`[${SERVICE_DIMENSION}]\`:
\`${CANDIDATE_METRICS.candidateReads}\` (1 when the read was handed to the candidate, else 0) and
\`${CANDIDATE_METRICS.candidateFallbacks}\` (1 when the control served it after all, else 0). It evaluates
${DEFAULT_ALARM_PERIOD_SECONDS} s periods and fires on ${DEFAULT_DATAPOINTS_TO_ALARM} breaching periods of ${DEFAULT_EVALUATION_PERIODS}; a period with fewer
than \`alarm_minimum_requests\` reads handed to the candidate judges nothing, and missing data is not breaching.`,
  usage: `
module "orders_candidate_fallbacks" {
  source = "../../candidate-fallback-alarm"

  control_function_name = module.orders_control.canary_function_name
  threshold_percent     = 2
  alarm_topic_arn       = module.alerts.alert_topic_arn
}

# Among the flag's monitors, with the candidate's own error-rate and p95 alarms:
#   monitor_alarm_arns = concat(
#     module.orders_candidate.canary_function_flag_monitor_alarm_arns,
#     [module.orders_candidate_fallbacks.candidate_fallback_alarm_arn],
#   )`,

  define(stack) {
    const controlFunctionName = stack.input("control_function_name", {
      type: "string",
      description: "The control function: the `service` dimension of its metrics, and the alarm's name prefix.",
    });
    const threshold = stack.input(
      "threshold_percent",
      numberRuleInput(
        "threshold_percent",
        CANDIDATE_FALLBACK_ALARM_RULES.thresholdPercent,
        "Alarm when the control serves more than this share of the reads it handed to the candidate itself, in percent.",
      ),
    );
    const minimumRequests = minimumRequestsInput(stack, "reads handed to the candidate");
    const namespace = stack.input("metrics_namespace", {
      type: "string",
      description: "The CloudWatch namespace where the control publishes its metrics.",
      default: READ_PATH_METRICS_NAMESPACE,
    });
    const topicArn = alarmTopicInput(stack);

    const fallbacks = new CandidateFallbackAlarm(stack, "this", {
      name: "this",
      controlFunctionName: controlFunctionName.stringValue,
      thresholdPercent: threshold.numberValue,
      minimumRequests: minimumRequests.numberValue,
      alarmTopicArn: topicArn.stringValue,
      metricsNamespace: namespace.stringValue,
    });

    stack.output("candidate_fallback_alarm_arn", { value: fallbacks.alarm.arn, description: "The alarm's ARN: one of a flag rollout's monitor_alarm_arns." });
    stack.output("candidate_fallback_alarm_name", { value: fallbacks.alarm.alarmName, description: "The alarm's name." });
  },
};
