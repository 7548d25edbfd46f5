import { alarmPeriodSeconds, type AlarmDefinition, type AlarmMetric } from "./alarm-definition";
import { evaluateMetricMath, parseMetricMath, type MathValue } from "./metric-math";
import type { MetricStore } from "./metric-store";

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** An alarm's state after each of its evaluations, and when it first went into ALARM. */
export interface AlarmTimeline {
  readonly alarmName: string;
  readonly evaluations: ReadonlyArray<{ readonly atMs: number; readonly state: AlarmState; readonly values: readonly MathValue[] }>;
  readonly firstAlarmAtMs?: number;
}

/** One statistic over the values of one period; missing when the period has none. */
export function statistic(stat: string, values: readonly number[]): MathValue {
  if (values.length === 0) return undefined;
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (percentile) {
    // Nearest rank: the smallest value with at least p % of the values at or below it.
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((Number(percentile[1]) / 100) * sorted.length) - 1)];
  }
  switch (stat) {
    case "Sum": return values.reduce((sum, value) => sum + value, 0);
    case "SampleCount": return values.length;
    case "Average": return values.reduce((sum, value) => sum + value, 0) / values.length;
    case "Minimum": return Math.min(...values);
    case "Maximum": return Math.max(...values);
    default: throw new Error(`statistic ${stat} is not modelled by this evaluator`);
  }
}

function breaches(alarm: AlarmDefinition, value: number): boolean {
  switch (alarm.comparisonOperator) {
    case "GreaterThanThreshold": return value > alarm.threshold;
    case "GreaterThanOrEqualToThreshold": return value >= alarm.threshold;
    case "LessThanThreshold": return value < alarm.threshold;
    case "LessThanOrEqualToThreshold": return value <= alarm.threshold;
  }
}

type ParsedExpressions = ReadonlyMap<string, ReturnType<typeof parseMetricMath>>;

/** The alarm's value for the period [startMs, startMs + period): its one returned query. */
function periodValue(alarm: AlarmDefinition, expressions: ParsedExpressions, store: MetricStore, startMs: number, periodMs: number): MathValue {
  const values = new Map<string, MathValue>();
  const valueOf = (id: string): MathValue => {
    if (values.has(id)) return values.get(id);
    const query = alarm.queries.find((candidate) => candidate.id === id);
    if (!query) throw new Error(`${alarm.alarmName}: no query with id "${id}"`);
    const value = query.metric
      ? statistic(query.metric.stat, store.values(query.metric as AlarmMetric, startMs, startMs + periodMs))
      : evaluateMetricMath(expressions.get(id)!, valueOf);
    values.set(id, value);
    return value;
  };
  return valueOf(alarm.queries.find((query) => query.returnData)!.id);
}

/**
 * Evaluates an alarm as CloudWatch does, at the end of each of its periods from `fromMs` to `toMs`
 * (periods aligned to the epoch): the last `evaluationPeriods` complete periods, each breaching or
 * not by the threshold; ALARM when at least `datapointsToAlarm` breach. Missing periods follow
 * `treatMissingData`: notBreaching counts them as good, breaching as bad; ignore and missing
 * judge by the periods that have data, and with none keep the state (ignore) or report
 * INSUFFICIENT_DATA (missing). Datapoints count from the second they are stamped with: the time
 * CloudWatch takes to ingest a log line (seconds) is not modelled, and adds to every time to detect.
 */
export function evaluateAlarm(alarm: AlarmDefinition, store: MetricStore, fromMs: number, toMs: number): AlarmTimeline {
  const periodMs = alarmPeriodSeconds(alarm) * 1000;
  // Parsed once: every period of every evaluation reads the same expressions.
  const expressions: ParsedExpressions = new Map(
    alarm.queries.filter((query) => !query.metric).map((query) => [query.id, parseMetricMath(query.expression ?? "")]),
  );
  const evaluations: Array<{ atMs: number; state: AlarmState; values: MathValue[] }> = [];
  let state: AlarmState = "OK";
  let firstAlarmAtMs: number | undefined;
  for (let atMs = Math.ceil(fromMs / periodMs) * periodMs; atMs <= toMs; atMs += periodMs) {
    const values: MathValue[] = [];
    for (let index = alarm.evaluationPeriods; index >= 1; index -= 1) values.push(periodValue(alarm, expressions, store, atMs - index * periodMs, periodMs));
    const judged = values.map((value) =>
      value === undefined
        ? alarm.treatMissingData === "breaching" ? true : alarm.treatMissingData === "notBreaching" ? false : undefined
        : breaches(alarm, value),
    );
    const breaching = judged.filter((verdict) => verdict === true).length;
    const withData = judged.filter((verdict) => verdict !== undefined).length;
    if (breaching >= alarm.datapointsToAlarm) state = "ALARM";
    else if (withData > 0) state = "OK";
    else if (alarm.treatMissingData === "missing") state = "INSUFFICIENT_DATA";
    if (state === "ALARM" && firstAlarmAtMs === undefined) firstAlarmAtMs = atMs;
    evaluations.push({ atMs, state, values });
  }
  return { alarmName: alarm.alarmName, evaluations, firstAlarmAtMs };
}
