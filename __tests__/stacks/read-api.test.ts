import { LambdaProxyApi } from "../../constructs/lambda-proxy-api";
import { synthesizeEnvironment } from "../support/app-stacks";
import { onlyResource, stackWithAwsProvider, type TerraformJson } from "../support/synth";

type Resource = Record<string, any>;

function resources(json: TerraformJson, type: string): Record<string, Resource> {
  return json.resource?.[type] ?? {};
}

describe("the prod read API", () => {
  const prod = synthesizeEnvironment("prod");

  it("hands every route to the control's live alias by proxy integration", () => {
    const integrations = Object.values(resources(prod, "aws_api_gateway_integration"));

    expect(integrations).toHaveLength(2);
    for (const integration of integrations) {
      expect(integration).toMatchObject({
        type: "AWS_PROXY",
        integration_http_method: "POST",
        uri: "${aws_lambda_alias.mock_read_live.invoke_arn}",
      });
    }
  });

  it("requires a Cognito identity on every route but GET /health", () => {
    const pathOf = (resourceId: string) =>
      Object.entries(resources(prod, "aws_api_gateway_resource")).find(
        ([name]) => resourceId === `\${aws_api_gateway_resource.${name}.id}`,
      )?.[1].path_part;
    const routes = Object.values(resources(prod, "aws_api_gateway_method")).map((method) => ({
      route: `${method.http_method} /${pathOf(method.resource_id)}`,
      authorization: method.authorization,
      authorizer: method.authorizer_id,
    }));

    expect(routes).toEqual(
      expect.arrayContaining([
        { route: "ANY /{proxy+}", authorization: "COGNITO_USER_POOLS", authorizer: "${aws_api_gateway_authorizer.read_api_authorizer.id}" },
        { route: "GET /health", authorization: "NONE", authorizer: undefined },
      ]),
    );
    expect(routes).toHaveLength(2);
    expect(onlyResource(prod, "aws_api_gateway_authorizer")).toMatchObject({
      type: "COGNITO_USER_POOLS",
      provider_arns: ["arn:aws:cognito-idp:eu-west-1:333333333333:userpool/eu-west-1_PrdPool01"],
      identity_source: "method.request.header.Authorization",
    });
  });

  it("traces the stage and writes JSON access logs to a log group with the environment's retention", () => {
    const stage = onlyResource(prod, "aws_api_gateway_stage") as Resource;

    expect(stage).toMatchObject({ stage_name: "v1", xray_tracing_enabled: true });
    expect(stage.access_log_settings.destination_arn).toBe("${aws_cloudwatch_log_group.read_api_access_logs.arn}");
    const format = JSON.parse(stage.access_log_settings.format);
    expect(format).toMatchObject({ requestId: "$context.requestId", status: "$context.status", xrayTraceId: "$context.xrayTraceId" });
    expect(resources(prod, "aws_cloudwatch_log_group").read_api_access_logs).toMatchObject({
      name: "/aws/apigateway/huntaze-read-api/v1/access",
      retention_in_days: 30,
    });
    // API Gateway would otherwise create the execution-log group itself, keeping logs forever.
    expect(resources(prod, "aws_cloudwatch_log_group").read_api_execution_logs).toMatchObject({
      name: "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.read_api.id}/v1",
      retention_in_days: 30,
    });
  });

  it("throttles the stage from config, with metrics on, errors logged and data tracing off", () => {
    expect(onlyResource(prod, "aws_api_gateway_method_settings")).toMatchObject({
      method_path: "*/*",
      settings: {
        metrics_enabled: true,
        logging_level: "ERROR",
        data_trace_enabled: false,
        throttling_rate_limit: 500,
        throttling_burst_limit: 1000,
      },
    });
  });

  it("lets only this API's stage invoke the live alias", () => {
    expect(onlyResource(prod, "aws_lambda_permission")).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
      function_name: "${aws_lambda_function.mock_read.function_name}",
      qualifier: "${aws_lambda_alias.mock_read_live.name}",
      source_arn: "${aws_api_gateway_rest_api.read_api.execution_arn}/v1/*/*",
    });
  });

  it("answers API Gateway's own errors in the handlers' JSON error format, with the request id", () => {
    const responses = Object.values(resources(prod, "aws_api_gateway_gateway_response"));

    expect(responses.map((response) => response.response_type).sort()).toEqual(["DEFAULT_4XX", "DEFAULT_5XX"]);
    for (const response of responses) {
      expect(response.response_templates["application/json"]).toMatch(/^\{"error":\{"code":"\$context\.error\.responseType"/);
      expect(response.response_parameters).toEqual({ "gatewayresponse.header.x-request-id": "context.requestId" });
    }
  });

  it("redeploys the API when a route changes, creating the new deployment before dropping the old", () => {
    const deployment = onlyResource(prod, "aws_api_gateway_deployment") as Resource;

    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
    for (const route of ["aws_api_gateway_method.read_api_proxy_method.id", "aws_api_gateway_integration.read_api_proxy_integration.uri"]) {
      expect(deployment.triggers.redeployment).toContain(route);
    }
  });

  it("gives API Gateway a logging role limited to its own log groups, before the stage exists", () => {
    expect(onlyResource(prod, "aws_api_gateway_account")).toMatchObject({
      cloudwatch_role_arn: "${aws_iam_role.api_logging_role.arn}",
    });
    expect((onlyResource(prod, "aws_api_gateway_stage") as Resource).depends_on).toEqual([
      // The invoke permission: a replaced grant goes only once the stage has moved (direct-phase.test.ts).
      "aws_lambda_permission.read_api_invoke_permission",
      "aws_api_gateway_account.api_logging",
    ]);
    const statements = prod.data!.aws_iam_policy_document.api_logging_permissions.statement as Resource[];
    expect(statements.flatMap((statement) => statement.resources)).toEqual([
      "arn:aws:logs:eu-west-1:333333333333:log-group:*",
      "arn:aws:logs:eu-west-1:333333333333:log-group:API-Gateway-Execution-Logs_*",
      "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/apigateway/huntaze-read-api/v1/access",
      "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/apigateway/huntaze-read-api/v1/access:*",
    ]);
  });

  it("publishes the API's URL and the alert topic for other stacks", () => {
    expect(prod.output).toMatchObject({
      api_url: { value: "${aws_api_gateway_stage.read_api_stage.invoke_url}" },
      alert_topic_arn: { value: "${aws_sns_topic.alerts.arn}" },
    });
  });

  it("refuses an API with no user pool to identify callers", () => {
    expect(
      () =>
        new LambdaProxyApi(stackWithAwsProvider(), "api", {
          name: "api",
          apiName: "api",
          description: "",
          target: { functionName: "f", aliasName: "live", invokeArn: "arn" },
          userPoolArns: [],
          throttle: { rateLimitPerSecond: 1, burstLimit: 1 },
        }),
    ).toThrow("api: userPoolArns must name at least one user pool, or no caller can be identified");
  });
});

describe("the prod dashboard", () => {
  const prod = synthesizeEnvironment("prod");
  const dashboard = onlyResource(prod, "aws_cloudwatch_dashboard") as Resource;
  const body = JSON.parse(dashboard.dashboard_body);
  const metricRows: unknown[][] = body.widgets.flatMap((widget: Resource) => widget.properties.metrics ?? []);
  const shown = (namespace: string, metric: string, stat?: string) =>
    metricRows.some(
      (row) =>
        row[0] === namespace &&
        row[1] === metric &&
        (stat === undefined || (row[row.length - 1] as Resource).stat === stat),
    );

  it("shows the control's requests, server-error rate and latency percentiles from its own metrics, and its throttles and concurrency", () => {
    expect(dashboard.dashboard_name).toBe("huntaze-read-path");
    expect(metricRows).toContainEqual(["Huntaze/ReadPath", "Requests", "service", "huntaze-mock-read", expect.objectContaining({ id: "requests", stat: "Sum" })]);
    expect(metricRows).toContainEqual(["Huntaze/ReadPath", "ServerErrors", "service", "huntaze-mock-read", expect.objectContaining({ id: "failures", stat: "Sum" })]);
    expect(metricRows).toContainEqual([expect.objectContaining({ expression: "IF(requests > 0, 100 * FILL(failures, 0) / requests, 0)" })]);
    for (const stat of ["p50", "p95", "p99"]) {
      expect(metricRows).toContainEqual(["Huntaze/ReadPath", "RequestLatency", "service", "huntaze-mock-read", expect.objectContaining({ stat })]);
    }
    // Lambda's Errors and Duration miss handled 5xx answers: the dashboard shows what the alarms judge.
    expect(shown("AWS/Lambda", "Errors")).toBe(false);
    expect(shown("AWS/Lambda", "Duration")).toBe(false);
    expect(metricRows).toContainEqual(["AWS/Lambda", "Throttles", "FunctionName", "huntaze-mock-read", "Resource", "huntaze-mock-read:live", expect.anything()]);
    expect(shown("AWS/Lambda", "ConcurrentExecutions")).toBe(true);
  });

  it("shows dead letters, API 4xx/5xx and latency, and every alarm", () => {
    expect(metricRows).toContainEqual([
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      "QueueName",
      "huntaze-mock-read-dead-letters",
      expect.anything(),
    ]);
    for (const metric of ["4XXError", "5XXError", "Latency"]) expect(shown("AWS/ApiGateway", metric)).toBe(true);
    const alarms = body.widgets.find((widget: Resource) => widget.type === "alarm").properties.alarms;
    expect(alarms).toHaveLength(Object.keys(resources(prod, "aws_cloudwatch_metric_alarm")).length);
  });

  it("shows the database: CPU and Performance Insights' load, connections, memory, read latency", () => {
    for (const metric of ["CPUUtilization", "DBLoad", "DatabaseConnections", "FreeableMemory", "ReadLatency"]) {
      expect(metricRows).toContainEqual(["AWS/RDS", metric, "DBInstanceIdentifier", "${aws_db_instance.database.identifier}", expect.anything()]);
    }
  });

  it("shows which path served reads, the candidate's fallbacks by reason, and flag-fetch failures, as the control reports them", () => {
    for (const servedBy of ["mock", "prisma", "prisma-fallback"]) {
      expect(metricRows).toContainEqual(["Huntaze/ReadPath", "Requests", "service", "huntaze-mock-read", "servedBy", servedBy, expect.anything()]);
    }
    expect(metricRows).toContainEqual(["Huntaze/ReadPath", "FlagFetchFailures", "service", "huntaze-mock-read", expect.anything()]);
    expect(JSON.stringify(metricRows)).toContain(`SEARCH('{Huntaze/ReadPath,service,reason} MetricName=\\"CandidateFallbacks\\" service=\\"huntaze-mock-read\\"'`);
    // The names the control's function is told to publish under.
    expect((prod.resource as any).aws_lambda_function.mock_read.environment.variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: "huntaze-mock-read",
      POWERTOOLS_METRICS_NAMESPACE: "Huntaze/ReadPath",
    });
  });

  it("lays widgets out without overlap inside 24 columns", () => {
    const cells = new Set<string>();
    for (const widget of body.widgets as Resource[]) {
      expect(widget.x + widget.width).toBeLessThanOrEqual(24);
      for (let x = widget.x; x < widget.x + widget.width; x++) {
        for (let y = widget.y; y < widget.y + widget.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});
