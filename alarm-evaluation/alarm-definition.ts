import type { MetricIdentity } from "./metric-store";

/** One metric an alarm reads, with the statistic and period it asks for. */
export interface AlarmMetric extends MetricIdentity {
  /** Sum, Average, Minimum, Maximum, SampleCount, or a percentile such as p95. */
  readonly stat: string;
  readonly periodSeconds: number;
}

/** A query of a metric-math alarm: a metric, or an expression over the other queries' ids. */
export interface AlarmQuery {
  readonly id: string;
  readonly metric?: AlarmMetric;
  readonly expression?: string;
  readonly returnData: boolean;
}

/** A CloudWatch alarm as its definition says, whether on one metric or on metric math. */
export interface AlarmDefinition {
  /** Where it was defined (the Terraform address), for messages. */
  readonly address: string;
  readonly alarmName: string;
  readonly comparisonOperator: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: "notBreaching" | "breaching" | "ignore" | "missing";
  readonly queries: readonly AlarmQuery[];
}

/** The one period every metric of an alarm uses (CloudWatch requires them to agree). */
export function alarmPeriodSeconds(alarm: AlarmDefinition): number {
  const periods = new Set(alarm.queries.flatMap((query) => (query.metric ? [query.metric.periodSeconds] : [])));
  if (periods.size !== 1) throw new Error(`${alarm.alarmName}: its metrics must share one period, found ${[...periods].join(", ") || "none"}`);
  return [...periods][0];
}
