import type { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { READ_PATH_METRICS_NAMESPACE, REQUEST_METRICS, SERVICE_DIMENSION } from "../contracts/read-path-metrics";
import { SHADOW_KIND_DIMENSION, SHADOW_METRICS } from "../contracts/shadow-read";
import { jsonencode } from "./hcl-expression";
import { knownAtSynth } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { READ_PATH_DASHBOARD_RULES } from "./read-path-dashboard-rules";
import { checkListRule, checkTextRule } from "./text-rule";

/** A function as the dashboard shows it: its live alias's traffic, and its dead-letter queue. */
export interface DashboardFunction {
  /** The row's title. */
  readonly title: string;
  /** The Lambda function's name. */
  readonly functionName: string;
  /** The alias whose traffic is shown (`live`). */
  readonly aliasName: string;
  /** The function's dead-letter queue's name. */
  readonly deadLetterQueueName: string;
  /**
   * Where the function publishes its request metrics, and its `service` dimension
   * (contracts/read-path-metrics.ts): the row shows what its alarms judge.
   * @default - namespace "Huntaze/ReadPath", service the function's name
   */
  readonly requestMetrics?: { readonly namespace: string; readonly serviceName: string };
}

/** Props of a ReadPathDashboard. */
export interface ReadPathDashboardProps {
  /** Names the Terraform address (`aws_cloudwatch_dashboard.<name>`). */
  readonly name: string;
  /** The CloudWatch dashboard's name. */
  readonly dashboardName: string;
  /** The region whose metrics the widgets show. */
  readonly region: string;
  /** One row per function: traffic, errors, duration, throttles, dead letters. */
  readonly functions: readonly DashboardFunction[];
  /** The API and stage whose requests, errors and latency get a row. */
  readonly api: { readonly apiName: string; readonly stageName: string };
  /** Alarm ARNs shown, with their state, at the top. */
  readonly alarmArns: readonly string[];
  /**
   * The control's routing, from its EMF metrics: which path served reads, why the candidate was
   * fallen back from, and flag-fetch failures.
   * @default - no routing row
   */
  readonly routing?: { readonly namespace: string; readonly serviceName: string };
  /**
   * The candidate's shadow reads, from its EMF metrics (contracts/shadow-read.ts): their volume,
   * mismatch and error rates, mismatches by route and kind, and latency.
   * @default - no shadow row
   */
  readonly shadow?: { readonly namespace: string; readonly serviceName: string };
  /**
   * The database's row: CPU and load (Performance Insights' DBLoad), connections, latency.
   * @default - no database row
   */
  readonly database?: { readonly instanceIdentifier: string };
}

/** One CloudWatch dashboard widget, in the dashboard body's JSON form. */
type Widget = Record<string, unknown>;
type MetricRow = Array<string | Record<string, unknown>>;

const WIDTH = 24;
const PANEL = { width: 8, height: 6 };
const PERIOD_SECONDS = 60;

function metricWidget(title: string, region: string, metrics: MetricRow[], extra: Record<string, unknown> = {}): Widget {
  return {
    type: "metric",
    ...PANEL,
    properties: { title, region, view: "timeSeries", stacked: false, period: PERIOD_SECONDS, metrics, ...extra },
  };
}

function functionWidgets(fn: DashboardFunction, region: string): Widget[] {
  // Lambda's metrics for the alias: throttles, whichever version serves them mid-canary.
  const alias = ["FunctionName", fn.functionName, "Resource", `${fn.functionName}:${fn.aliasName}`];
  // The function's own request metrics: what its alarms judge (every 5xx, handled or thrown).
  const { namespace, serviceName } = fn.requestMetrics ?? { namespace: READ_PATH_METRICS_NAMESPACE, serviceName: fn.functionName };
  const request = (metric: string, options: Record<string, unknown>) => [namespace, metric, SERVICE_DIMENSION, serviceName, options];
  const percentile = (stat: string) => request(REQUEST_METRICS.latency, { stat, label: stat });
  return [
    metricWidget(`${fn.title}: requests and server-error rate`, region, [
      request(REQUEST_METRICS.requests, { id: "requests", stat: "Sum", label: "Requests" }),
      request(REQUEST_METRICS.serverErrors, { id: "failures", stat: "Sum", visible: false }),
      [{ id: "error_rate", expression: "IF(requests > 0, 100 * FILL(failures, 0) / requests, 0)", label: "Server-error rate (%)", yAxis: "right" }],
    ]),
    metricWidget(`${fn.title}: request latency (ms)`, region, [percentile("p50"), percentile("p95"), percentile("p99")]),
    metricWidget(`${fn.title}: throttles, concurrency, dead letters`, region, [
      ["AWS/Lambda", "Throttles", ...alias, { stat: "Sum", label: "Throttles" }],
      // Lambda reports concurrency per function, not per alias.
      ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", fn.functionName, { stat: "Maximum", label: "Concurrency" }],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", fn.deadLetterQueueName, { stat: "Maximum", label: "Dead letters", yAxis: "right" }],
    ]),
  ];
}

function apiWidgets(api: ReadPathDashboardProps["api"], region: string): Widget[] {
  const stage = ["ApiName", api.apiName, "Stage", api.stageName];
  return [
    metricWidget("API: requests and errors", region, [
      ["AWS/ApiGateway", "Count", ...stage, { stat: "Sum", label: "Requests" }],
      ["AWS/ApiGateway", "4XXError", ...stage, { stat: "Sum", label: "4xx" }],
      ["AWS/ApiGateway", "5XXError", ...stage, { stat: "Sum", label: "5xx", color: "#d62728" }],
    ]),
    metricWidget("API: latency (ms)", region, [
      ["AWS/ApiGateway", "Latency", ...stage, { stat: "p50", label: "p50" }],
      ["AWS/ApiGateway", "Latency", ...stage, { stat: "p95", label: "p95" }],
      ["AWS/ApiGateway", "Latency", ...stage, { stat: "p99", label: "p99" }],
      ["AWS/ApiGateway", "IntegrationLatency", ...stage, { stat: "p95", label: "integration p95" }],
    ]),
  ];
}

function routingWidgets(routing: NonNullable<ReadPathDashboardProps["routing"]>, region: string): Widget[] {
  const served = (servedBy: string) => [routing.namespace, REQUEST_METRICS.requests, "service", routing.serviceName, "servedBy", servedBy, { stat: "Sum", label: servedBy }];
  // Reasons are open-ended (timeout, server-error, …): a search finds whichever occurred.
  const search = (dimensions: string, metric: string) =>
    `SEARCH('{${routing.namespace},${dimensions}} MetricName="${metric}" service="${routing.serviceName}"', 'Sum', ${PERIOD_SECONDS})`;
  return [
    metricWidget("control: reads served by", region, [served("mock"), served("prisma"), served("prisma-fallback")], { stacked: true }),
    metricWidget("control: candidate fallbacks by reason", region, [[{ id: "fallbacks", expression: search("service,reason", "CandidateFallbacks"), label: "" }]]),
    metricWidget("control: flag-fetch failures", region, [
      [routing.namespace, "FlagFetchFailures", "service", routing.serviceName, { stat: "Sum", label: "Flag-fetch failures" }],
    ]),
  ];
}

function shadowWidgets(shadow: NonNullable<ReadPathDashboardProps["shadow"]>, region: string): Widget[] {
  const metric = (name: string, options: Record<string, unknown>) => [shadow.namespace, name, SERVICE_DIMENSION, shadow.serviceName, options];
  const byKind = `SEARCH('{${shadow.namespace},${SERVICE_DIMENSION},route,${SHADOW_KIND_DIMENSION}} MetricName="${SHADOW_METRICS.shadowMismatches}" ${SERVICE_DIMENSION}="${shadow.serviceName}"', 'Sum', ${PERIOD_SECONDS})`;
  return [
    metricWidget("candidate: shadow reads, mismatch and error rates", region, [
      metric(SHADOW_METRICS.shadowReads, { id: "reads", stat: "Sum", label: "Shadow reads" }),
      metric(SHADOW_METRICS.shadowMismatches, { id: "mismatches", stat: "Sum", visible: false }),
      metric(SHADOW_METRICS.shadowErrors, { id: "errors", stat: "Sum", visible: false }),
      [{ id: "mismatch_rate", expression: "IF(reads > 0, 100 * FILL(mismatches, 0) / reads, 0)", label: "Mismatch rate (%)", yAxis: "right" }],
      [{ id: "error_rate", expression: "IF(reads > 0, 100 * FILL(errors, 0) / reads, 0)", label: "Error rate (%)", yAxis: "right" }],
    ]),
    metricWidget("candidate: shadow mismatches by route and kind", region, [[{ id: "by_kind", expression: byKind, label: "" }]]),
    metricWidget("candidate: shadow read latency (ms)", region, [
      metric(SHADOW_METRICS.shadowLatency, { stat: "p50", label: "p50" }),
      metric(SHADOW_METRICS.shadowLatency, { stat: "p95", label: "p95" }),
    ]),
  ];
}

function databaseWidgets(database: NonNullable<ReadPathDashboardProps["database"]>, region: string): Widget[] {
  const instance = ["DBInstanceIdentifier", database.instanceIdentifier];
  return [
    metricWidget("database: CPU and load", region, [
      ["AWS/RDS", "CPUUtilization", ...instance, { stat: "Average", label: "CPU (%)" }],
      // Performance Insights' average active sessions: above the vCPU count, queries queue.
      ["AWS/RDS", "DBLoad", ...instance, { stat: "Average", label: "DB load (sessions)", yAxis: "right" }],
    ]),
    metricWidget("database: connections and memory", region, [
      ["AWS/RDS", "DatabaseConnections", ...instance, { stat: "Maximum", label: "Connections" }],
      ["AWS/RDS", "FreeableMemory", ...instance, { stat: "Minimum", label: "Freeable memory (bytes)", yAxis: "right" }],
    ]),
    metricWidget("database: read latency and IOPS", region, [
      ["AWS/RDS", "ReadLatency", ...instance, { stat: "Average", label: "Read latency (s)" }],
      ["AWS/RDS", "ReadIOPS", ...instance, { stat: "Average", label: "Read IOPS", yAxis: "right" }],
    ]),
  ];
}

/** Widgets laid out left to right, wrapping at the dashboard's 24 columns. */
function layOut(rows: readonly Widget[][]): Widget[] {
  let y = 0;
  return rows.flatMap((row) => {
    let x = 0;
    let rowHeight = 0;
    const placed = row.map((widget) => {
      const width = widget.width as number;
      if (x + width > WIDTH) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      const positioned = { ...widget, x, y };
      x += width;
      rowHeight = Math.max(rowHeight, widget.height as number);
      return positioned;
    });
    y += rowHeight;
    return placed;
  });
}

/** The dashboard body: alarms first, then one row per function, the control's routing, the shadow reads, the API, the database. */
export function readPathDashboardBody(props: Omit<ReadPathDashboardProps, "name" | "dashboardName">): string {
  const alarms: Widget = {
    type: "alarm",
    width: WIDTH,
    height: 3,
    properties: { title: "Alarms", alarms: [...props.alarmArns], sortBy: "stateUpdatedTimestamp" },
  };
  const body = {
    widgets: layOut([
      [alarms],
      ...props.functions.map((fn) => functionWidgets(fn, props.region)),
      ...(props.routing ? [routingWidgets(props.routing, props.region)] : []),
      ...(props.shadow ? [shadowWidgets(props.shadow, props.region)] : []),
      apiWidgets(props.api, props.region),
      ...(props.database ? [databaseWidgets(props.database, props.region)] : []),
    ]),
  };
  // Written out, references and all; a list of alarms Terraform knows only at plan (a module's
  // input) cannot sit inside a string, so the body becomes a jsonencode expression then.
  return knownAtSynth(props.alarmArns) ? JSON.stringify(body) : jsonencode(body);
}

/**
 * One CloudWatch dashboard for the read path: each function's live traffic and dead letters, the
 * control's routing decisions, the API, and the database.
 */
export class ReadPathDashboard extends NamingScope {
  public readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: ReadPathDashboardProps) {
    super(scope, id, props);
    checkTextRule(this.node.path, "dashboardName", READ_PATH_DASHBOARD_RULES.dashboardName, props.dashboardName);
    checkListRule(this.node.path, "alarmArns", READ_PATH_DASHBOARD_RULES.alarmArns, props.alarmArns);
    this.dashboard = new CloudwatchDashboard(this, PRIMARY_RESOURCE_ID, {
      dashboardName: props.dashboardName,
      dashboardBody: readPathDashboardBody(props),
    });
  }
}
