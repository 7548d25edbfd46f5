import type { TerraformVariable } from "cdktf";
import { READ_PATH_METRICS_NAMESPACE, REQUEST_METRICS, SERVICE_DIMENSION, VERSION_DIMENSION } from "../../contracts/read-path-metrics";
import { FUNCTION_ALARMS_RULES } from "../../constructs/function-alarms-rules";
import type { ModuleStack } from "../module-stack";
import { numberRuleInput } from "./number-rule-input";

/** What a module's README says the function must publish for its request alarms to see anything. */
export const REQUEST_METRICS_CONTRACT = `The request alarms read the function's own metrics, published with
[EMF](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html)
in \`request_metrics_namespace\` at high resolution (\`StorageResolution: 1\`), for every request:
\`${REQUEST_METRICS.requests}\` (1), \`${REQUEST_METRICS.serverErrors}\` (1 for a 5xx answer, handled or thrown, else 0) and
\`${REQUEST_METRICS.latency}\` (ms), each in the dimension sets \`[${SERVICE_DIMENSION}]\` and \`[${SERVICE_DIMENSION}, ${VERSION_DIMENSION}]\`
(\`${VERSION_DIMENSION}\` is \`AWS_LAMBDA_FUNCTION_VERSION\`). A function that publishes nothing leaves them in OK: only the
crash alarm, on Lambda's own metrics, still judges it.`;

/**
 * The inputs every module with FunctionAlarms takes: the two thresholds, the volume below which a
 * period judges nothing, where the function publishes its request metrics, and the topic the
 * alarms notify. `consequence` says what crossing a threshold does in that module.
 */
export function alarmInputs(
  stack: ModuleStack,
  consequence: string,
): {
  errorRate: TerraformVariable;
  p95Duration: TerraformVariable;
  minimumRequests: TerraformVariable;
  metricsNamespace: TerraformVariable;
  metricsService: TerraformVariable;
  topicArn: TerraformVariable;
} {
  return {
    // Bounds and messages are FunctionAlarms' own (function-alarms-rules.ts).
    errorRate: stack.input(
      "error_rate_threshold_percent",
      numberRuleInput(
        "error_rate_threshold_percent",
        FUNCTION_ALARMS_RULES.errorRateThresholdPercent,
        `${consequence} when server errors (5xx answers, handled or thrown) exceed this share of requests, in percent.`,
      ),
    ),
    p95Duration: stack.input(
      "p95_duration_threshold_ms",
      numberRuleInput(
        "p95_duration_threshold_ms",
        FUNCTION_ALARMS_RULES.p95DurationThresholdMs,
        `${consequence} when the 95th percentile of request latency exceeds this, in milliseconds.`,
      ),
    ),
    minimumRequests: minimumRequestsInput(stack, "requests"),
    metricsNamespace: stack.input("request_metrics_namespace", {
      type: "string",
      description: "The CloudWatch namespace where the function publishes its request metrics (see the module's README).",
      default: READ_PATH_METRICS_NAMESPACE,
    }),
    metricsService: stack.input("request_metrics_service", {
      type: "string",
      description: "The `service` dimension of the function's request metrics. Null: the function's name.",
      default: null,
    }),
    topicArn: alarmTopicInput(stack),
  };
}

/** The volume guard of a module's rate alarms: `counted` names what a period must hold enough of. */
export function minimumRequestsInput(stack: ModuleStack, counted: string): TerraformVariable {
  return stack.input(
    "alarm_minimum_requests",
    numberRuleInput(
      "alarm_minimum_requests",
      FUNCTION_ALARMS_RULES.minimumRequests,
      `A period with fewer ${counted} than this judges nothing, so that one failure among a few quiet-hour requests rolls nothing back.`,
    ),
  );
}

/** Where a module's alarms notify. */
export function alarmTopicInput(stack: ModuleStack): TerraformVariable {
  return stack.input("alarm_topic_arn", {
    type: "string",
    description: "The SNS topic every alarm and OK notification goes to (the alert-topic module's alert_topic_arn).",
  });
}
