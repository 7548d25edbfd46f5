import type { Construct } from "constructs";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { READ_PATH_METRICS_NAMESPACE, REQUEST_METRICS, SERVICE_DIMENSION, VERSION_DIMENSION } from "../contracts/read-path-metrics";
import { FUNCTION_ALARMS_RULES } from "./function-alarms-rules";
import { knownAtSynth, numberText } from "./known-at-synth";
import { NamingScope } from "./naming-scope";
import { checkNumberRule } from "./number-rule";

/** The defaults of FUNCTION_ALARMS_RULES (function-alarms-rules.ts), which the other alarms share. */
export const DEFAULT_ALARM_PERIOD_SECONDS = FUNCTION_ALARMS_RULES.periodSeconds.default;
export const DEFAULT_EVALUATION_PERIODS = FUNCTION_ALARMS_RULES.evaluationPeriods.default;
export const DEFAULT_DATAPOINTS_TO_ALARM = FUNCTION_ALARMS_RULES.datapointsToAlarm.default;
/** A period with fewer requests than this judges nothing: one failure among three night-time requests is not a 33 % error rate. */
export const DEFAULT_MINIMUM_REQUESTS = FUNCTION_ALARMS_RULES.minimumRequests.default;
/** Lambda's own metrics have one-minute resolution. */
const LAMBDA_METRICS_PERIOD_SECONDS = 60;

/**
 * A rate in percent over metrics with ids `failures` and `requests`, judged only in periods with
 * at least `minimumRequests` requests (0 otherwise). `FILL` makes a period with requests and no
 * failure datapoint a 0 % period rather than missing data.
 */
export function guardedRateExpression(minimumRequests: number | string): string {
  return `IF(requests >= ${minimumRequests}, 100 * FILL(failures, 0) / requests, 0)`;
}

/**
 * How every read-path alarm judges and reports: `datapointsToAlarm` of `evaluationPeriods`
 * breaching, a period without data is no breach (a quiet night rolls nothing back), and both its
 * ALARM and its OK go to the alert topic.
 */
export function readPathAlarmJudging(
  alarmTopicArn: string,
  evaluationPeriods: number = DEFAULT_EVALUATION_PERIODS,
  datapointsToAlarm: number = DEFAULT_DATAPOINTS_TO_ALARM,
) {
  return { evaluationPeriods, datapointsToAlarm, treatMissingData: "notBreaching", alarmActions: [alarmTopicArn], okActions: [alarmTopicArn] };
}

/** The `latency` query's value, judged only in periods with at least `minimumRequests` requests. */
export function guardedLatencyExpression(minimumRequests: number | string): string {
  return `IF(requests >= ${minimumRequests}, latency, 0)`;
}

/**
 * The names of a function's canary (rollback) alarms: error rate, p95 latency, crashes. Known from
 * the function's name alone, for grants that cannot refer to the alarms without a cycle.
 */
export function rollbackAlarmNames(functionName: string): { errorRate: string; p95Latency: string; crashes: string } {
  return { errorRate: `${functionName}-canary-error-rate`, p95Latency: `${functionName}-canary-p95-latency`, crashes: `${functionName}-canary-crashes` };
}

/** Props of FunctionAlarms. */
export interface FunctionAlarmsProps {
  /** Names the alarms' Terraform addresses (`aws_cloudwatch_metric_alarm.<name>_canary_error_rate`). */
  readonly name: string;
  /** The function whose metrics are watched; also prefixes the alarms' names. */
  readonly functionName: string;
  /** The alias callers invoke (`live`): Lambda's own metrics for it back the crash and throttle alarms. */
  readonly aliasName: string;
  /**
   * The version a canary deploys: the newest published (`aws_lambda_function.version`). The canary
   * alarms watch this version alone, so another version's failures never block or roll back its
   * deployment, and they follow each new version as the apply publishes it.
   */
  readonly targetVersion: string;
  /** The function's dead-letter queue: any message waiting there alarms. */
  readonly deadLetterQueueName: string;
  /**
   * Where the function publishes its request metrics (contracts/read-path-metrics.ts).
   * @default "Huntaze/ReadPath"
   */
  readonly metricsNamespace?: string;
  /**
   * The `service` dimension of its request metrics (POWERTOOLS_SERVICE_NAME).
   * @default - the function's name
   */
  readonly serviceName?: string;
  /** Alarm when server errors (5xx answers, handled or thrown) exceed this share of requests, in percent. */
  readonly errorRateThresholdPercent: number;
  /** Alarm when the 95th percentile of request latency exceeds this, in milliseconds. */
  readonly p95DurationThresholdMs: number;
  /**
   * Periods with fewer requests than this are judged healthy.
   * @default 10
   */
  readonly minimumRequests?: number;
  /** Where alarm and OK notifications go. */
  readonly alarmTopicArn: string;
  /**
   * Length of one evaluation period of the request-metric alarms, in seconds (10, 20, 30 or a multiple of 60).
   * @default 10
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
 * The alarms that judge a function, on what its callers get: every 5xx, handled or thrown, from the
 * function's own high-resolution metrics (contracts/read-path-metrics.ts).
 *
 * - **Canary alarms** (`rollbackAlarms`) judge the version being deployed alone: its server-error
 *   rate and p95 latency, and its crashes as Lambda counts them (init failures, timeouts: what the
 *   handler cannot count itself). A CodeDeploy canary rolls back when any of them fires.
 * - **Function alarms** (`errorRate`, `p95Latency`) judge everything the function serves, whatever the
 *   version: what callers experience, and what an AppConfig rollout of the flag is monitored by.
 * - **Throttles** and **dead letters** notify.
 *
 * Missing data is not breaching and quiet periods judge nothing: a quiet function is a healthy one.
 */
export class FunctionAlarms extends NamingScope {
  public readonly canaryErrorRate: CloudwatchMetricAlarm;
  public readonly canaryP95Latency: CloudwatchMetricAlarm;
  public readonly canaryCrashes: CloudwatchMetricAlarm;
  public readonly errorRate: CloudwatchMetricAlarm;
  public readonly p95Latency: CloudwatchMetricAlarm;
  public readonly throttles: CloudwatchMetricAlarm;
  public readonly deadLetters: CloudwatchMetricAlarm;
  /** The alarms that stop a canary and roll it back: they watch the version being deployed. */
  public readonly rollbackAlarms: readonly CloudwatchMetricAlarm[];
  /** Every alarm here, for dashboards and runbooks. */
  public readonly all: readonly CloudwatchMetricAlarm[];

  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id, props);
    const period = props.periodSeconds ?? DEFAULT_ALARM_PERIOD_SECONDS;
    const evaluationPeriods = props.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
    const datapointsToAlarm = props.datapointsToAlarm ?? DEFAULT_DATAPOINTS_TO_ALARM;
    const minimumRequests = props.minimumRequests ?? DEFAULT_MINIMUM_REQUESTS;
    this.validate(props, { period, evaluationPeriods, datapointsToAlarm, minimumRequests });

    const fn = props.functionName;
    const namespace = props.metricsNamespace ?? READ_PATH_METRICS_NAMESPACE;
    const service = { [SERVICE_DIMENSION]: props.serviceName ?? fn };
    const targetVersion = { ...service, [VERSION_DIMENSION]: props.targetVersion };
    const common = readPathAlarmJudging(props.alarmTopicArn, evaluationPeriods, datapointsToAlarm);
    const errorRate = (dimensions: Record<string, string>) =>
      rateQueries(
        { namespace, metricName: REQUEST_METRICS.serverErrors, dimensions, period },
        { namespace, metricName: REQUEST_METRICS.requests, dimensions, period },
        minimumRequests,
        "Server-error rate (%)",
      );
    const p95 = (dimensions: Record<string, string>) => latencyQueries(namespace, dimensions, period, minimumRequests);
    const errorRateText = `${numberText(props.errorRateThresholdPercent)}%`;
    const p95Text = `${numberText(props.p95DurationThresholdMs)} ms`;
    const guardText = `(periods of ${numberText(period)} s with at least ${numberText(minimumRequests)} requests)`;
    const canaryNames = rollbackAlarmNames(fn);

    this.canaryErrorRate = new CloudwatchMetricAlarm(this, "canary-error-rate", {
      ...common,
      alarmName: canaryNames.errorRate,
      alarmDescription: `More than ${errorRateText} of the requests served by the version being deployed answered 5xx ${guardText}. Stops the canary and rolls it back.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.errorRateThresholdPercent,
      metricQuery: errorRate(targetVersion),
    });
    this.canaryP95Latency = new CloudwatchMetricAlarm(this, "canary-p95-latency", {
      ...common,
      alarmName: canaryNames.p95Latency,
      alarmDescription: `p95 latency of the version being deployed is above ${p95Text} ${guardText}. Stops the canary and rolls it back.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.p95DurationThresholdMs,
      metricQuery: p95(targetVersion),
    });
    // What the handler cannot count: a version that fails at init, times out or runs out of memory.
    // Lambda reports alias invocations by the version that ran them (ExecutedVersion), per minute.
    const aliasResource = { FunctionName: fn, Resource: `${fn}:${props.aliasName}` };
    const executed = { ...aliasResource, ExecutedVersion: props.targetVersion };
    this.canaryCrashes = new CloudwatchMetricAlarm(this, "canary-crashes", {
      ...common,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      alarmName: canaryNames.crashes,
      alarmDescription: `More than ${errorRateText} of the invocations of the version being deployed failed in Lambda itself (init failure, timeout, out of memory), in a minute with at least ${numberText(minimumRequests)} invocations. Stops the canary and rolls it back.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.errorRateThresholdPercent,
      metricQuery: rateQueries(
        { namespace: "AWS/Lambda", metricName: "Errors", dimensions: executed, period: LAMBDA_METRICS_PERIOD_SECONDS },
        { namespace: "AWS/Lambda", metricName: "Invocations", dimensions: executed, period: LAMBDA_METRICS_PERIOD_SECONDS },
        minimumRequests,
        "Crash rate (%)",
      ),
    });

    this.errorRate = new CloudwatchMetricAlarm(this, "error-rate", {
      ...common,
      alarmName: `${fn}-error-rate`,
      alarmDescription: `More than ${errorRateText} of ${fn}'s requests answered 5xx, whatever the version ${guardText}.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.errorRateThresholdPercent,
      metricQuery: errorRate(service),
    });
    this.p95Latency = new CloudwatchMetricAlarm(this, "p95-latency", {
      ...common,
      alarmName: `${fn}-p95-latency`,
      alarmDescription: `p95 latency of ${fn}'s requests is above ${p95Text}, whatever the version ${guardText}.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.p95DurationThresholdMs,
      metricQuery: p95(service),
    });

    this.throttles = new CloudwatchMetricAlarm(this, "throttles", {
      ...common,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      alarmName: `${fn}-${props.aliasName}-throttles`,
      alarmDescription: `${fn}:${props.aliasName} was throttled: its reserved concurrency is exhausted. Notifies; rolls nothing back.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      statistic: "Sum",
      period: LAMBDA_METRICS_PERIOD_SECONDS,
      dimensions: aliasResource,
    });

    this.deadLetters = new CloudwatchMetricAlarm(this, "dead-letters", {
      ...common,
      // One message is enough: every dead letter is a lost asynchronous invocation.
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      alarmName: `${fn}-dead-letters`,
      alarmDescription: `Messages are waiting in ${props.deadLetterQueueName}: asynchronous invocations of ${fn} failed.`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      statistic: "Maximum",
      period: LAMBDA_METRICS_PERIOD_SECONDS,
      dimensions: { QueueName: props.deadLetterQueueName },
    });

    this.rollbackAlarms = [this.canaryErrorRate, this.canaryP95Latency, this.canaryCrashes];
    this.all = [...this.rollbackAlarms, this.errorRate, this.p95Latency, this.throttles, this.deadLetters];
  }

  private validate(
    props: FunctionAlarmsProps,
    settings: { period: number; evaluationPeriods: number; datapointsToAlarm: number; minimumRequests: number },
  ): void {
    const { period, evaluationPeriods, datapointsToAlarm, minimumRequests } = settings;
    checkNumberRule(this.node.path, "errorRateThresholdPercent", FUNCTION_ALARMS_RULES.errorRateThresholdPercent, props.errorRateThresholdPercent);
    checkNumberRule(this.node.path, "p95DurationThresholdMs", FUNCTION_ALARMS_RULES.p95DurationThresholdMs, props.p95DurationThresholdMs);
    checkNumberRule(this.node.path, "minimumRequests", FUNCTION_ALARMS_RULES.minimumRequests, minimumRequests);
    checkNumberRule(this.node.path, "periodSeconds", FUNCTION_ALARMS_RULES.periodSeconds, period);
    checkNumberRule(this.node.path, "evaluationPeriods", FUNCTION_ALARMS_RULES.evaluationPeriods, evaluationPeriods);
    checkNumberRule(this.node.path, "datapointsToAlarm", FUNCTION_ALARMS_RULES.datapointsToAlarm, datapointsToAlarm);
    if (knownAtSynth(datapointsToAlarm) && knownAtSynth(evaluationPeriods) && datapointsToAlarm > evaluationPeriods) {
      throw new Error(
        `${this.node.path}: datapointsToAlarm (${datapointsToAlarm}) cannot exceed evaluationPeriods (${evaluationPeriods})`,
      );
    }
  }
}

interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly period: number;
}

function metricQuery(id: string, metric: MetricSpec, stat: string): CloudwatchMetricAlarmMetricQuery {
  return { id, returnData: false, metric: { ...metric, stat } };
}

function rateQueries(failures: MetricSpec, requests: MetricSpec, minimumRequests: number, label: string): CloudwatchMetricAlarmMetricQuery[] {
  return [
    metricQuery("failures", failures, "Sum"),
    metricQuery("requests", requests, "Sum"),
    { id: "rate", expression: guardedRateExpression(numberText(minimumRequests)), label, returnData: true },
  ];
}

function latencyQueries(namespace: string, dimensions: Record<string, string>, period: number, minimumRequests: number): CloudwatchMetricAlarmMetricQuery[] {
  return [
    metricQuery("latency", { namespace, metricName: REQUEST_METRICS.latency, dimensions, period }, "p95"),
    metricQuery("requests", { namespace, metricName: REQUEST_METRICS.requests, dimensions, period }, "Sum"),
    { id: "guarded_latency", expression: guardedLatencyExpression(numberText(minimumRequests)), label: "p95 latency (ms)", returnData: true },
  ];
}
