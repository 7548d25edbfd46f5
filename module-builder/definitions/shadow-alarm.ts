import { Fn } from "cdktf";
import { DEFAULT_ALARM_PERIOD_SECONDS, DEFAULT_DATAPOINTS_TO_ALARM, DEFAULT_EVALUATION_PERIODS } from "../../constructs/function-alarms";
import { ShadowAlarm } from "../../constructs/shadow-alarm";
import { SHADOW_ALARM_RULES } from "../../constructs/shadow-alarm-rules";
import { READ_PATH_METRICS_NAMESPACE, SERVICE_DIMENSION, VERSION_DIMENSION } from "../../contracts/read-path-metrics";
import { SHADOW_METRICS } from "../../contracts/shadow-read";
import type { ModuleDefinition } from "../module-definition";
import { alarmTopicInput } from "./alarm-inputs";
import { numberRuleInput } from "./number-rule-input";

export const shadowAlarmModule: ModuleDefinition = {
  name: "shadow-alarm",
  construct: "ShadowAlarm",
  summary: `
The alarm of a read path's shadow phase: the candidate serves a sample of reads in the dark and
compares each answer with the control's, and this alarms when too many of them answered another
contract than the control's or failed. Callers never see a shadow read, so no error-rate alarm can.

It reads the candidate's own metrics, published with EMF in \`metrics_namespace\` at high resolution
in the dimension set \`[${SERVICE_DIMENSION}]\`:
\`${SHADOW_METRICS.shadowReads}\` (1 per shadow read), \`${SHADOW_METRICS.shadowMismatches}\` (1 when its answer differed)
and \`${SHADOW_METRICS.shadowErrors}\` (1 when it failed). It evaluates ${DEFAULT_ALARM_PERIOD_SECONDS} s periods and fires on
${DEFAULT_DATAPOINTS_TO_ALARM} breaching periods of ${DEFAULT_EVALUATION_PERIODS}; a period with fewer than \`minimum_shadow_reads\` shadow
reads judges nothing, and missing data is not breaching, so outside the shadow phase it never fires.

It judges every version of the candidate: put it among a flag rollout's monitors (the
read-path-flag module's \`monitor_alarm_arns\`), and AppConfig rolls the flag back when it fires.
(The construct's copy that judges only the version a canary deploys, by its \`${VERSION_DIMENSION}\`
dimension, chooses its name and dimensions at synth, so it is not published as a module.)`,
  usage: `
module "orders_shadow_drift" {
  source = "../../shadow-alarm"

  function_name     = module.orders_candidate.canary_function_name
  threshold_percent = 1
  alarm_topic_arn   = module.alerts.alert_topic_arn
}

# Among the flag's monitors:
#   monitor_alarm_arns = concat(..., [module.orders_shadow_drift.shadow_alarm_arn])`,

  define(stack) {
    const functionName = stack.input("function_name", {
      type: "string",
      description: "The candidate function: the alarm's name prefix, and the `service` dimension of its shadow metrics unless service_name is given.",
    });
    const serviceName = stack.input("service_name", {
      type: "string",
      description: "The `service` dimension of the candidate's shadow metrics. Null: the function's name.",
      default: null,
    });
    // Bounds, defaults and messages are the construct's (shadow-alarm-rules.ts).
    const threshold = stack.input(
      "threshold_percent",
      numberRuleInput(
        "threshold_percent",
        SHADOW_ALARM_RULES.thresholdPercent,
        "Alarm when more than this share of shadow reads answered another contract than the control's or failed, in percent.",
      ),
    );
    const minimumShadowReads = stack.input(
      "minimum_shadow_reads",
      numberRuleInput(
        "minimum_shadow_reads",
        SHADOW_ALARM_RULES.minimumShadowReads,
        "A period with fewer shadow reads than this judges nothing, so that one mismatch among a few quiet-hour reads fires nothing.",
      ),
    );
    const namespace = stack.input("metrics_namespace", {
      type: "string",
      description: "The CloudWatch namespace where the candidate publishes its shadow metrics.",
      default: READ_PATH_METRICS_NAMESPACE,
    });
    const topicArn = alarmTopicInput(stack);

    const shadow = new ShadowAlarm(stack, "this", {
      name: "this",
      functionName: functionName.stringValue,
      serviceName: Fn.coalesce([serviceName.stringValue, functionName.stringValue]),
      thresholdPercent: threshold.numberValue,
      minimumShadowReads: minimumShadowReads.numberValue,
      alarmTopicArn: topicArn.stringValue,
      metricsNamespace: namespace.stringValue,
    });

    stack.output("shadow_alarm_arn", { value: shadow.alarm.arn, description: "The alarm's ARN: one of a flag rollout's monitor_alarm_arns." });
    stack.output("shadow_alarm_name", { value: shadow.alarm.alarmName, description: "The alarm's name." });
  },
};
