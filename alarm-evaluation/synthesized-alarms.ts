import type { AlarmDefinition, AlarmMetric, AlarmQuery } from "./alarm-definition";

type TerraformAlarm = Record<string, any>;

/** Values Terraform would give the references an alarm's metrics make (`${aws_lambda_function.x.version}` → "7"). */
export type ReferenceValues = Readonly<Record<string, string>>;

/** A synthesized alarm the evaluator cannot read as it stands. */
export class UnreadableAlarmError extends Error {}

/**
 * The CloudWatch alarms of a synthesized stack (cdk.tf.json), as definitions the evaluator runs:
 * every `aws_cloudwatch_metric_alarm`, its metric or metric-math queries, statistic, period,
 * evaluation periods, datapoints to alarm, missing-data treatment and threshold, exactly as written.
 * A reference in a dimension or a name is replaced by the value given for it; one left unresolved
 * is an error naming it, so an alarm is never judged against a placeholder.
 */
export function synthesizedAlarms(stackJson: { resource?: Record<string, Record<string, TerraformAlarm>> }, references: ReferenceValues = {}): AlarmDefinition[] {
  const alarms = stackJson.resource?.aws_cloudwatch_metric_alarm ?? {};
  return Object.entries(alarms).map(([name, alarm]) => readAlarm(`aws_cloudwatch_metric_alarm.${name}`, alarm, references));
}

function resolve(text: unknown, references: ReferenceValues, where: string): string {
  if (typeof text !== "string") throw new UnreadableAlarmError(`${where}: expected a string, got ${JSON.stringify(text)}`);
  return text.replace(/\$\{[^}]+\}/g, (whole) => {
    const value = references[whole];
    if (value === undefined) throw new UnreadableAlarmError(`${where}: no value given for the reference ${whole}`);
    return value;
  });
}

function readMetric(metric: TerraformAlarm, stat: string, periodSeconds: number, references: ReferenceValues, where: string): AlarmMetric {
  const dimensions = Object.fromEntries(
    Object.entries((metric.dimensions ?? {}) as Record<string, unknown>).map(([key, value]) => [key, resolve(value, references, `${where} dimension ${key}`)]),
  );
  return { namespace: resolve(metric.namespace, references, where), metricName: resolve(metric.metric_name, references, where), dimensions, stat, periodSeconds };
}

function readAlarm(address: string, alarm: TerraformAlarm, references: ReferenceValues): AlarmDefinition {
  let queries: AlarmQuery[];
  if (alarm.metric_query) {
    queries = (alarm.metric_query as TerraformAlarm[]).map((query) => ({
      id: query.id,
      returnData: query.return_data === true,
      expression: query.expression,
      metric: query.metric ? readMetric(query.metric, query.metric.stat, Number(query.metric.period), references, `${address} query ${query.id}`) : undefined,
    }));
  } else {
    const stat = alarm.extended_statistic ?? alarm.statistic;
    if (!stat) throw new UnreadableAlarmError(`${address}: neither statistic nor extended_statistic`);
    queries = [{ id: "metric", returnData: true, metric: readMetric(alarm, stat, Number(alarm.period), references, address) }];
  }
  if (queries.filter((query) => query.returnData).length !== 1) throw new UnreadableAlarmError(`${address}: exactly one query must return data`);
  const evaluationPeriods = Number(alarm.evaluation_periods);
  return {
    address,
    alarmName: resolve(alarm.alarm_name, references, address),
    comparisonOperator: alarm.comparison_operator,
    threshold: Number(alarm.threshold),
    evaluationPeriods,
    datapointsToAlarm: alarm.datapoints_to_alarm === undefined ? evaluationPeriods : Number(alarm.datapoints_to_alarm),
    treatMissingData: alarm.treat_missing_data ?? "missing",
    queries,
  };
}
