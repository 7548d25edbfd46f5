import type { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { READ_PATH_METRICS_NAMESPACE, SERVICE_DIMENSION, VERSION_DIMENSION } from "../contracts/read-path-metrics";
import { SHADOW_METRICS } from "../contracts/shadow-read";
import { DEFAULT_ALARM_PERIOD_SECONDS, readPathAlarmJudging } from "./function-alarms";
import { numberText } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { checkNumberRule } from "./number-rule";
import { SHADOW_ALARM_RULES } from "./shadow-alarm-rules";

/** Props of ShadowAlarm. */
export interface ShadowAlarmProps {
  /** Names the alarm's Terraform address (`aws_cloudwatch_metric_alarm.<name>`). */
  readonly name: string;
  /** The candidate function: the alarm's name prefix, and its `service` dimension unless serviceName is given. */
  readonly functionName: string;
  /**
   * The `service` dimension of the candidate's shadow metrics (POWERTOOLS_SERVICE_NAME).
   * @default - the function's name
   */
  readonly serviceName?: string;
  /**
   * The version a canary deploys (`aws_lambda_function.version`): the alarm then judges that
   * version's shadow reads alone, for CodeDeploy to roll it back, and is named `<function>-canary-shadow-drift-rate`.
   * @default - every version's shadow reads (`<function>-shadow-drift-rate`), as the flag's monitors judge
   */
  readonly targetVersion?: string;
  /** Alarm when the shadow reads that differ from the control's contract or fail exceed this share of shadow reads, in percent. */
  readonly thresholdPercent: number;
  /**
   * Periods with fewer shadow reads than this judge nothing.
   * @default 10
   */
  readonly minimumShadowReads?: number;
  /** Where alarm and OK notifications go. */
  readonly alarmTopicArn: string;
  /**
   * Where the candidate publishes its shadow metrics (contracts/shadow-read.ts).
   * @default "Huntaze/ReadPath"
   */
  readonly metricsNamespace?: string;
}

/**
 * The share of shadow reads in `FILL`ed periods with at least `minimumShadowReads` of them (0
 * otherwise) that the candidate answered with another contract than the control's or failed to
 * serve. A shadow read is one or the other at most (a failed read is not compared), so the sum
 * is the share of reads a caller would have had wrong: above the threshold whenever either rate is.
 */
export function shadowDriftExpression(minimumShadowReads: number | string): string {
  return `IF(reads >= ${minimumShadowReads}, 100 * (FILL(mismatches, 0) + FILL(errors, 0)) / reads, 0)`;
}

/**
 * The shadow phase's alarm: the candidate serves a sample of reads in the dark and compares its
 * answers with the control's (contracts/shadow-read.ts); this alarms when too many of them differ
 * from the control's contract or fail, in 10 s periods with enough shadow reads, 2 of 3 periods,
 * as the function alarms judge.
 *
 * Two copies serve, as FunctionAlarms' do: with `targetVersion`, it judges the version being
 * deployed, so that CodeDeploy rolls back a new candidate version that drifts during the shadow
 * phase (give it to CanaryFunctionProps.additionalRollbackAlarms); without, every version, for the
 * flag's monitors. Missing data is not breaching: outside the shadow phase it never fires.
 */
export class ShadowAlarm extends NamingScope {
  /** The alarm's name for a function, known from the name alone (a health hook's grant names it). */
  public static alarmName(functionName: string, judges: "version being deployed" | "every version"): string {
    return judges === "version being deployed" ? `${functionName}-canary-shadow-drift-rate` : `${functionName}-shadow-drift-rate`;
  }

  public readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ShadowAlarmProps) {
    super(scope, id, props);
    checkNumberRule(this.node.path, "thresholdPercent", SHADOW_ALARM_RULES.thresholdPercent, props.thresholdPercent);
    checkNumberRule(this.node.path, "minimumShadowReads", SHADOW_ALARM_RULES.minimumShadowReads, props.minimumShadowReads);
    const minimum = props.minimumShadowReads ?? SHADOW_ALARM_RULES.minimumShadowReads.default;
    const namespace = props.metricsNamespace ?? READ_PATH_METRICS_NAMESPACE;
    const service = { [SERVICE_DIMENSION]: props.serviceName ?? props.functionName };
    const dimensions = props.targetVersion === undefined ? service : { ...service, [VERSION_DIMENSION]: props.targetVersion };
    const canary = props.targetVersion !== undefined;
    const metric = (metricName: string) => ({ namespace, metricName, dimensions, period: DEFAULT_ALARM_PERIOD_SECONDS, stat: "Sum" });
    const whose = canary ? "the version being deployed" : `every version of ${props.functionName}`;
    this.alarm = new CloudwatchMetricAlarm(this, PRIMARY_RESOURCE_ID, {
      alarmName: ShadowAlarm.alarmName(props.functionName, canary ? "version being deployed" : "every version"),
      alarmDescription:
        `More than ${numberText(props.thresholdPercent)}% of the shadow reads served by ${whose} answered another contract than the control's or failed ` +
        `(periods of ${DEFAULT_ALARM_PERIOD_SECONDS} s with at least ${numberText(minimum)} shadow reads). ` +
        (canary ? "Stops the candidate's canary and rolls it back." : "Rolls the flag back.") +
        " npm run shadow:report names the routes and kinds.",
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.thresholdPercent,
      ...readPathAlarmJudging(props.alarmTopicArn),
      metricQuery: [
        { id: "mismatches", returnData: false, metric: metric(SHADOW_METRICS.shadowMismatches) },
        { id: "errors", returnData: false, metric: metric(SHADOW_METRICS.shadowErrors) },
        { id: "reads", returnData: false, metric: metric(SHADOW_METRICS.shadowReads) },
        { id: "drift", expression: shadowDriftExpression(numberText(minimum)), label: "Shadow drift rate (%)", returnData: true },
      ],
    });
  }
}
