import type { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { knownAtSynth, numberText } from "./known-at-synth";
import { NamingScope } from "./naming-scope";

export const DEFAULT_ALARM_PERIOD_SECONDS = 60;
export const DEFAULT_EVALUATION_PERIODS = 3;
export const DEFAULT_DATAPOINTS_TO_ALARM = 2;
/**
 * Errors as a share of invocations, over metrics with ids `errors` and `invocations`. With no
 * invocations the rate is 0, not a division by zero (which CloudWatch drops as missing data).
 */
export const ERROR_RATE_EXPRESSION = "IF(invocations > 0, 100 * errors / invocations, 0)";

/** Props of FunctionAlarms. */
export interface FunctionAlarmsProps {
  /** Names the alarms' Terraform addresses (`aws_cloudwatch_metric_alarm.<name>_error_rate`). */
  readonly name: string;
  /** The function whose metrics are watched; also prefixes the alarms' names. */
  readonly functionName: string;
  /** The alias whose live traffic is watched: the canary shifts it, so its metrics judge the new version. */
  readonly aliasName: string;
  /** The function's dead-letter queue: any message waiting there alarms. */
  readonly deadLetterQueueName: string;
  /** Alarm when errors ÷ invocations exceed this share, in percent. */
  readonly errorRateThresholdPercent: number;
  /** Alarm when the 95th percentile of duration exceeds this, in milliseconds. */
  readonly p95DurationThresholdMs: number;
  /** Where alarm and OK notifications go. */
  readonly alarmTopicArn: string;
  /**
   * Length of one evaluation period, in seconds.
   * @default 60
   */
  readonly periodSeconds?: number;
  /**
   * How many recent periods an alarm looks at.
   * @default 3
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of those periods must breach (at most evaluationPeriods).
   * @default 2
   */
  readonly datapointsToAlarm?: number;
}

/**
 * The alarms that judge a function's live alias: error rate (metric math, safe at zero
 * invocations), p95 duration, throttles, and messages waiting in its dead-letter queue.
 * Missing data is not breaching: a quiet function is a healthy one.
 */
export class FunctionAlarms extends NamingScope {
  public readonly errorRate: CloudwatchMetricAlarm;
  public readonly p95Duration: CloudwatchMetricAlarm;
  public readonly throttles: CloudwatchMetricAlarm;
  public readonly deadLetters: CloudwatchMetricAlarm;
  /** Every alarm here, for dashboards and runbooks. */
  public readonly all: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id, props);
    const period = props.periodSeconds ?? DEFAULT_ALARM_PERIOD_SECONDS;
    const evaluationPeriods = props.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
    const datapointsToAlarm = props.datapointsToAlarm ?? DEFAULT_DATAPOINTS_TO_ALARM;
    if (knownAtSynth(props.errorRateThresholdPercent) && (props.errorRateThresholdPercent < 0 || props.errorRateThresholdPercent > 100)) {
      throw new Error(`${this.node.path}: errorRateThresholdPercent must be 0-100, got ${props.errorRateThresholdPercent}`);
    }
    if (knownAtSynth(datapointsToAlarm) && knownAtSynth(evaluationPeriods) && datapointsToAlarm > evaluationPeriods) {
      throw new Error(
        `${this.node.path}: datapointsToAlarm (${datapointsToAlarm}) cannot exceed evaluationPeriods (${evaluationPeriods})`,
      );
    }

    const aliasDimensions = { FunctionName: props.functionName, Resource: `${props.functionName}:${props.aliasName}` };
    const common = {
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: "notBreaching",
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    };
    const aliasMetric = (metricName: string, stat: string) => ({
      namespace: "AWS/Lambda",
      metricName,
      stat,
      period,
      dimensions: aliasDimensions,
    });

    this.errorRate = new CloudwatchMetricAlarm(this, "error-rate", {
      ...common,
      alarmName: `${props.functionName}-${props.aliasName}-error-rate`,
      alarmDescription: `More than ${numberText(props.errorRateThresholdPercent)}% of ${props.functionName}:${props.aliasName} invocations failed. Stops and rolls back a canary deployment.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.errorRateThresholdPercent,
      metricQuery: [
        { id: "errors", metric: aliasMetric("Errors", "Sum"), returnData: false },
        { id: "invocations", metric: aliasMetric("Invocations", "Sum"), returnData: false },
        {
          id: "error_rate",
          expression: ERROR_RATE_EXPRESSION,
          label: "Error rate (%)",
          returnData: true,
        },
      ],
    });

    this.p95Duration = new CloudwatchMetricAlarm(this, "p95-duration", {
      ...common,
      alarmName: `${props.functionName}-${props.aliasName}-p95-duration`,
      alarmDescription: `p95 duration of ${props.functionName}:${props.aliasName} is above ${numberText(props.p95DurationThresholdMs)} ms. Stops and rolls back a canary deployment.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.p95DurationThresholdMs,
      namespace: "AWS/Lambda",
      metricName: "Duration",
      extendedStatistic: "p95",
      period,
      dimensions: aliasDimensions,
    });

    this.throttles = new CloudwatchMetricAlarm(this, "throttles", {
      ...common,
      alarmName: `${props.functionName}-${props.aliasName}-throttles`,
      alarmDescription: `${props.functionName}:${props.aliasName} was throttled: its reserved concurrency is exhausted.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      statistic: "Sum",
      period,
      dimensions: aliasDimensions,
    });

    this.deadLetters = new CloudwatchMetricAlarm(this, "dead-letters", {
      ...common,
      // One message is enough: every dead letter is a lost asynchronous invocation.
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      alarmName: `${props.functionName}-dead-letters`,
      alarmDescription: `Messages are waiting in ${props.deadLetterQueueName}: asynchronous invocations of ${props.functionName} failed.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      statistic: "Maximum",
      period,
      dimensions: { QueueName: props.deadLetterQueueName },
    });

    this.all = [this.errorRate, this.p95Duration, this.throttles, this.deadLetters];
  }
}
