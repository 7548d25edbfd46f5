import { Fn } from "cdktf";
import { LIVE_ALIAS_NAME } from "../../constructs/canary-function";
import { DEFAULT_STAGE_NAME } from "../../constructs/lambda-proxy-api";
import { ReadPathDashboard } from "../../constructs/read-path-dashboard";
import { READ_PATH_DASHBOARD_RULES } from "../../constructs/read-path-dashboard-rules";
import type { ModuleDefinition } from "../module-definition";
import { listRuleInput, textRuleInput } from "./text-rule-input";

export const readPathDashboardModule: ModuleDefinition = {
  name: "read-path-dashboard",
  construct: "ReadPathDashboard",
  summary: `
One CloudWatch dashboard for a read path moving from a control to a candidate, as Huntaze's is laid
out, top to bottom:

- the alarms given, with their state;
- the control's and the candidate's requests, server-error rate and p50/p95/p99 request latency,
  from their own embedded-metric-format metrics in \`metrics_namespace\` (what their alarms judge:
  every 5xx, handled or thrown), and their live alias's throttles, concurrency and dead letters;
- the control's routing: reads served by each path (\`Requests\` by \`servedBy\`), the candidate's
  fallbacks by reason (\`CandidateFallbacks\`) and flag-fetch failures (\`FlagFetchFailures\`), all
  with a \`service\` dimension;
- the API stage: requests, 4xx, 5xx, latency and integration latency;
- the database: CPU and Performance Insights' DBLoad, connections and freeable memory, read
  latency and IOPS.

The two functions' rows read every version's metrics, so during a canary they show what callers
get, whichever version serves them.`,
  usage: `
module "orders_dashboard" {
  source = "../../read-path-dashboard"

  dashboard_name                   = "orders-read-path"
  control_function_name            = module.orders_control.canary_function_name
  control_dead_letter_queue_name   = module.orders_control.canary_function_dead_letter_queue_name
  candidate_function_name          = module.orders_candidate.canary_function_name
  candidate_dead_letter_queue_name = module.orders_candidate.canary_function_dead_letter_queue_name
  api_name                         = "orders"
  metrics_namespace                = "Orders/ReadPath"
  control_service_name             = "orders-control"
  candidate_service_name           = "orders-candidate"
  database_instance_identifier     = module.orders_database.postgres_database_identifier
  alarm_arns = concat(
    module.orders_control.canary_function_alarm_arns,
    module.orders_candidate.canary_function_alarm_arns,
  )
}`,

  define(stack) {
    // Rules and messages are the construct's (read-path-dashboard-rules.ts).
    const rules = READ_PATH_DASHBOARD_RULES;
    const dashboardName = stack.input("dashboard_name", textRuleInput("dashboard_name", rules.dashboardName, "The CloudWatch dashboard's name."));
    const functionInputs = (role: string, what: string) => ({
      functionName: stack.input(`${role}_function_name`, { type: "string", description: `The ${what}'s Lambda function: it gets a row, and titles it.` }),
      deadLetterQueueName: stack.input(`${role}_dead_letter_queue_name`, { type: "string", description: `The ${what}'s dead-letter queue (SQS), by name.` }),
    });
    const control = functionInputs("control", "control (the entry point, which serves reads or hands them to the candidate)");
    const candidate = functionInputs("candidate", "candidate (the new read path)");
    const aliasName = stack.input("alias_name", {
      type: "string",
      description: "The alias both functions' callers invoke, whose throttles the rows show.",
      default: LIVE_ALIAS_NAME,
    });
    const apiName = stack.input("api_name", { type: "string", description: "The REST API in front of the control (the ApiName dimension)." });
    const stageName = stack.input("api_stage_name", { type: "string", description: "The API's stage (the Stage dimension).", default: DEFAULT_STAGE_NAME });
    const namespace = stack.input("metrics_namespace", { type: "string", description: "The CloudWatch namespace of both functions' request metrics and the control's routing metrics." });
    const serviceName = stack.input("control_service_name", { type: "string", description: "The control's service dimension on those metrics (Powertools' POWERTOOLS_SERVICE_NAME)." });
    const candidateServiceName = stack.input("candidate_service_name", {
      type: "string",
      description: "The candidate's service dimension on its request metrics. Null: the candidate's function name.",
      default: null,
    });
    const databaseIdentifier = stack.input("database_instance_identifier", { type: "string", description: "The candidate's RDS instance (the DBInstanceIdentifier dimension)." });
    const alarmArns = stack.input(
      "alarm_arns",
      listRuleInput("alarm_arns", rules.alarmArns, "Alarms shown with their state at the top (the functions' error-rate, p95, throttle and dead-letter alarms)."),
    );

    const dashboard = new ReadPathDashboard(stack, "this", {
      name: "this",
      dashboardName: dashboardName.stringValue,
      region: stack.region,
      functions: [
        {
          title: `${control.functionName.stringValue} (control)`,
          functionName: control.functionName.stringValue,
          aliasName: aliasName.stringValue,
          deadLetterQueueName: control.deadLetterQueueName.stringValue,
          requestMetrics: { namespace: namespace.stringValue, serviceName: serviceName.stringValue },
        },
        {
          title: `${candidate.functionName.stringValue} (candidate)`,
          functionName: candidate.functionName.stringValue,
          aliasName: aliasName.stringValue,
          deadLetterQueueName: candidate.deadLetterQueueName.stringValue,
          requestMetrics: { namespace: namespace.stringValue, serviceName: Fn.coalesce([candidateServiceName.stringValue, candidate.functionName.stringValue]) },
        },
      ],
      api: { apiName: apiName.stringValue, stageName: stageName.stringValue },
      alarmArns: alarmArns.listValue,
      routing: { namespace: namespace.stringValue, serviceName: serviceName.stringValue },
      database: { instanceIdentifier: databaseIdentifier.stringValue },
    });

    stack.output("read_path_dashboard_arn", { value: dashboard.dashboard.dashboardArn, description: "The dashboard's ARN." });
    stack.output("read_path_dashboard_name", { value: dashboard.dashboard.dashboardName, description: "The dashboard's name, for a console link." });
  },
};
