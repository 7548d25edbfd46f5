import type { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CANDIDATE_METRICS, READ_PATH_METRICS_NAMESPACE, SERVICE_DIMENSION } from "../contracts/read-path-metrics";
import { CANDIDATE_FALLBACK_ALARM_RULES } from "./candidate-fallback-alarm-rules";
import { DEFAULT_ALARM_PERIOD_SECONDS, guardedRateExpression, readPathAlarmJudging } from "./function-alarms";
import { numberText } from "./known-at-synth";
import { NamingScope } from "./naming-scope";
import { checkNumberRule } from "./number-rule";

/** Props of CandidateFallbackAlarm. */
export interface CandidateFallbackAlarmProps {
  /** Names the alarm's Terraform address. */
  readonly name: string;
  /** The control function: its `service` dimension, and the alarm's name prefix. */
  readonly controlFunctionName: string;
  /** Alarm when the control serves more than this share of the reads it handed to the candidate, in percent. */
  readonly thresholdPercent: number;
  /**
   * Periods with fewer reads handed to the candidate than this judge nothing.
   * @default 10
   */
  readonly minimumRequests?: number;
  /** Where alarm and OK notifications go. */
  readonly alarmTopicArn: string;
  /**
   * Where the control publishes its metrics.
   * @default "Huntaze/ReadPath"
   */
  readonly metricsNamespace?: string;
}

/**
 * What creators routed to the candidate experience, as the control sees it: the share of the reads
 * it handed to the candidate that it had to serve itself (the candidate failed, timed out or was
 * throttled). Callers never see these failures, so no error-rate alarm can; this one is a monitor
 * of the flag's rollout, which AppConfig rolls back when it fires.
 */
export class CandidateFallbackAlarm extends NamingScope {
  public readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: CandidateFallbackAlarmProps) {
    super(scope, id, props);
    const namespace = props.metricsNamespace ?? READ_PATH_METRICS_NAMESPACE;
    const dimensions = { [SERVICE_DIMENSION]: props.controlFunctionName };
    checkNumberRule(this.node.path, "thresholdPercent", CANDIDATE_FALLBACK_ALARM_RULES.thresholdPercent, props.thresholdPercent);
    checkNumberRule(this.node.path, "minimumRequests", CANDIDATE_FALLBACK_ALARM_RULES.minimumRequests, props.minimumRequests);
    const minimumRequests = props.minimumRequests ?? CANDIDATE_FALLBACK_ALARM_RULES.minimumRequests.default;
    const metric = (metricName: string) => ({ namespace, metricName, dimensions, period: DEFAULT_ALARM_PERIOD_SECONDS, stat: "Sum" });
    this.alarm = new CloudwatchMetricAlarm(this, "fallback-rate", {
      alarmName: `${props.controlFunctionName}-candidate-fallback-rate`,
      alarmDescription:
        `The control served more than ${numberText(props.thresholdPercent)}% of the reads it handed to the candidate itself ` +
        `(periods of ${DEFAULT_ALARM_PERIOD_SECONDS} s with at least ${numberText(minimumRequests)} such reads). Rolls the flag back.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.thresholdPercent,
      ...readPathAlarmJudging(props.alarmTopicArn),
      metricQuery: [
        { id: "failures", returnData: false, metric: metric(CANDIDATE_METRICS.candidateFallbacks) },
        { id: "requests", returnData: false, metric: metric(CANDIDATE_METRICS.candidateReads) },
        { id: "rate", expression: guardedRateExpression(numberText(minimumRequests)), label: "Candidate fallback rate (%)", returnData: true },
      ],
    });
  }
}
