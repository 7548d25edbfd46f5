import { CanaryFunction, type CanaryFunctionProps } from "../../constructs/canary-function";
import { HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE } from "../../contracts/canary-deploy-inputs";
import { fixtureArtifact } from "../support/function-code";
import { onlyResource, stackWithAwsProvider, synthesize, type TerraformJson } from "../support/synth";

const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:alerts";

function synthesizeCanary(overrides: Partial<CanaryFunctionProps> = {}): TerraformJson {
  const stack = stackWithAwsProvider();
  new CanaryFunction(stack, "read", {
    name: "prisma-read",
    functionName: "huntaze-prisma-read",
    description: "candidate",
    code: fixtureArtifact("prisma-read"),
    memorySizeMb: 1024,
    timeoutSeconds: 6,
    reservedConcurrency: 20,
    environmentVariables: { LOG_LEVEL: "info" },
    deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    errorRateThresholdPercent: 2,
    p95DurationThresholdMs: 500,
    alarmTopicArn: TOPIC_ARN,
    deployScriptPath: "assets/canary_deploy_script/HASH/canary-deploy.mjs",
    ...overrides,
  });
  return synthesize(stack);
}

function alarm(json: TerraformJson, name: string): Record<string, unknown> {
  return json.resource!.aws_cloudwatch_metric_alarm[name];
}

type MetricQuery = Record<string, unknown>;
const queriesOf = (json: TerraformJson, name: string) => alarm(json, name).metric_query as MetricQuery[];
/** The metrics an alarm's math reads, in order. */
const metricsOf = (json: TerraformJson, name: string) => queriesOf(json, name).filter((query) => query.metric).map((query) => query.metric);
/** The expression whose value the alarm judges. */
const judgedOf = (json: TerraformJson, name: string) => queriesOf(json, name).find((query) => query.return_data === true);
/** The canary alarms' dimensions: the function's service and the version the apply published. */
const NEW_VERSION = { service: "huntaze-prisma-read", version: "${aws_lambda_function.prisma_read.version}" };

function policyStatements(json: TerraformJson, documentName: string): Array<Record<string, unknown>> {
  return json.data!.aws_iam_policy_document[documentName].statement as Array<Record<string, unknown>>;
}

describe("CanaryFunction", () => {
  const json = synthesizeCanary();

  it("deploys the zip as a published, traced arm64 nodejs22.x function with JSON logs", () => {
    expect(onlyResource(json, "aws_lambda_function")).toMatchObject({
      function_name: "huntaze-prisma-read",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: expect.stringMatching(/^assets\/prisma_read_code\/[0-9A-F]+\/prisma-read\.zip$/),
      source_code_hash: fixtureArtifact("prisma-read").sourceCodeHash,
      memory_size: 1024,
      timeout: 6,
      reserved_concurrent_executions: 20,
      publish: true,
      tracing_config: { mode: "Active" },
      logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.prisma_read_logs.name}" },
      dead_letter_config: { target_arn: "${aws_sqs_queue.prisma_read_dead_letters.arn}" },
      environment: { variables: { LOG_LEVEL: "info" } },
    });
  });

  it("creates its log group with 30 days' retention by default, or as configured with a KMS key", () => {
    expect(onlyResource(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/lambda/huntaze-prisma-read",
      retention_in_days: 30,
    });
    expect(
      onlyResource(synthesizeCanary({ logRetentionInDays: 90, logKmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k" }), "aws_cloudwatch_log_group"),
    ).toMatchObject({ retention_in_days: 90, kms_key_id: "arn:aws:kms:eu-west-1:1:key/k" });
  });

  it("sends failed asynchronous invocations to an encrypted dead-letter queue", () => {
    expect(onlyResource(json, "aws_sqs_queue")).toMatchObject({
      name: "huntaze-prisma-read-dead-letters",
      sqs_managed_sse_enabled: true,
    });
    expect(onlyResource(json, "aws_lambda_function_event_invoke_config")).toMatchObject({
      qualifier: "${aws_lambda_alias.prisma_read_live.name}",
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
      destination_config: { on_failure: { destination: "${aws_sqs_queue.prisma_read_dead_letters.arn}" } },
    });
  });

  it("creates the live alias at the first version and leaves its version and routing to CodeDeploy", () => {
    expect(onlyResource(json, "aws_lambda_alias")).toMatchObject({
      name: "live",
      function_version: "${aws_lambda_function.prisma_read.version}",
      lifecycle: { ignore_changes: ["function_version", "routing_config"] },
    });
  });

  it("deploys by CodeDeploy canary, rolling back on failure and on the new version's error-rate, p95 and crash alarms", () => {
    expect(onlyResource(json, "aws_codedeploy_app")).toMatchObject({ compute_platform: "Lambda" });
    expect(onlyResource(json, "aws_codedeploy_deployment_group")).toMatchObject({
      deployment_config_name: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      deployment_style: { deployment_type: "BLUE_GREEN", deployment_option: "WITH_TRAFFIC_CONTROL" },
      auto_rollback_configuration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] },
      alarm_configuration: {
        enabled: true,
        alarms: [
          "${aws_cloudwatch_metric_alarm.prisma_read_canary_error_rate.alarm_name}",
          "${aws_cloudwatch_metric_alarm.prisma_read_canary_p95_latency.alarm_name}",
          "${aws_cloudwatch_metric_alarm.prisma_read_canary_crashes.alarm_name}",
        ],
      },
    });
  });

  it("creates a custom canary configuration when asked, and validates it", () => {
    const custom = synthesizeCanary({ deploymentConfig: { type: "TimeBasedLinear", percentage: 25, intervalMinutes: 2 } });

    expect(onlyResource(custom, "aws_codedeploy_deployment_config")).toMatchObject({
      compute_platform: "Lambda",
      traffic_routing_config: { type: "TimeBasedLinear", time_based_linear: { percentage: 25, interval: 2 } },
    });
    expect(onlyResource(custom, "aws_codedeploy_deployment_group").deployment_config_name).toBe(
      "${aws_codedeploy_deployment_config.prisma_read_config.deployment_config_name}",
    );
    expect(() => synthesizeCanary({ deploymentConfig: { type: "TimeBasedCanary", percentage: 120, intervalMinutes: 5 } })).toThrow(
      "read/deployment: deploymentConfig.percentage must be 1-99, got 120",
    );
  });

  it("alarms on the server-error rate of the version being deployed, from its own metrics, guarded by volume", () => {
    expect(alarm(json, "prisma_read_canary_error_rate")).toMatchObject({
      alarm_name: "huntaze-prisma-read-canary-error-rate",
      comparison_operator: "GreaterThanThreshold",
      threshold: 2,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
      treat_missing_data: "notBreaching",
      alarm_actions: [TOPIC_ARN],
      ok_actions: [TOPIC_ARN],
    });
    expect(judgedOf(json, "prisma_read_canary_error_rate")).toMatchObject({
      id: "rate",
      expression: "IF(requests >= 10, 100 * FILL(failures, 0) / requests, 0)",
    });
    expect(metricsOf(json, "prisma_read_canary_error_rate")).toEqual([
      { namespace: "Huntaze/ReadPath", metric_name: "ServerErrors", stat: "Sum", period: 10, dimensions: NEW_VERSION },
      { namespace: "Huntaze/ReadPath", metric_name: "Requests", stat: "Sum", period: 10, dimensions: NEW_VERSION },
    ]);
  });

  it("alarms on the p95 latency of the version being deployed, judged only in periods with enough requests", () => {
    expect(alarm(json, "prisma_read_canary_p95_latency")).toMatchObject({
      alarm_name: "huntaze-prisma-read-canary-p95-latency",
      threshold: 500,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
    });
    expect(judgedOf(json, "prisma_read_canary_p95_latency")).toMatchObject({ expression: "IF(requests >= 10, latency, 0)" });
    expect(metricsOf(json, "prisma_read_canary_p95_latency")).toEqual([
      { namespace: "Huntaze/ReadPath", metric_name: "RequestLatency", stat: "p95", period: 10, dimensions: NEW_VERSION },
      { namespace: "Huntaze/ReadPath", metric_name: "Requests", stat: "Sum", period: 10, dimensions: NEW_VERSION },
    ]);
  });

  it("alarms on the crash rate of the version being deployed, from Lambda's metrics by executed version", () => {
    const executed = { FunctionName: "huntaze-prisma-read", Resource: "huntaze-prisma-read:live", ExecutedVersion: "${aws_lambda_function.prisma_read.version}" };

    expect(alarm(json, "prisma_read_canary_crashes")).toMatchObject({
      alarm_name: "huntaze-prisma-read-canary-crashes",
      threshold: 2,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
    });
    expect(metricsOf(json, "prisma_read_canary_crashes")).toEqual([
      { namespace: "AWS/Lambda", metric_name: "Errors", stat: "Sum", period: 60, dimensions: executed },
      { namespace: "AWS/Lambda", metric_name: "Invocations", stat: "Sum", period: 60, dimensions: executed },
    ]);
  });

  it("alarms on every version's server-error rate and p95 latency, and on throttles and dead letters, with thresholds from props", () => {
    const service = { service: "huntaze-prisma-read" };

    expect(alarm(json, "prisma_read_error_rate")).toMatchObject({ alarm_name: "huntaze-prisma-read-error-rate", threshold: 2 });
    expect(metricsOf(json, "prisma_read_error_rate")).toEqual([
      expect.objectContaining({ metric_name: "ServerErrors", dimensions: service }),
      expect.objectContaining({ metric_name: "Requests", dimensions: service }),
    ]);
    expect(alarm(json, "prisma_read_p95_latency")).toMatchObject({ alarm_name: "huntaze-prisma-read-p95-latency", threshold: 500 });
    expect(metricsOf(json, "prisma_read_p95_latency")).toEqual([
      expect.objectContaining({ metric_name: "RequestLatency", stat: "p95", dimensions: service }),
      expect.objectContaining({ metric_name: "Requests", dimensions: service }),
    ]);
    expect(alarm(json, "prisma_read_throttles")).toMatchObject({
      alarm_name: "huntaze-prisma-read-live-throttles",
      metric_name: "Throttles",
      threshold: 0,
      dimensions: { FunctionName: "huntaze-prisma-read", Resource: "huntaze-prisma-read:live" },
    });
    expect(alarm(json, "prisma_read_dead_letters")).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "huntaze-prisma-read-dead-letters" },
    });
    const stricter = synthesizeCanary({ errorRateThresholdPercent: 1, p95DurationThresholdMs: 250, alarmMinimumRequests: 30 });
    expect(alarm(stricter, "prisma_read_canary_error_rate").threshold).toBe(1);
    expect(alarm(stricter, "prisma_read_canary_p95_latency").threshold).toBe(250);
    expect(alarm(stricter, "prisma_read_error_rate").threshold).toBe(1);
    expect(alarm(stricter, "prisma_read_p95_latency").threshold).toBe(250);
    expect(judgedOf(stricter, "prisma_read_canary_error_rate")?.expression).toContain("IF(requests >= 30,");
  });

  it("reads the request metrics where the function publishes them", () => {
    const elsewhere = synthesizeCanary({ requestMetrics: { namespace: "Shop/Checkout", serviceName: "checkout" } });

    expect(metricsOf(elsewhere, "prisma_read_canary_error_rate")[0]).toMatchObject({ namespace: "Shop/Checkout", dimensions: { service: "checkout", version: "${aws_lambda_function.prisma_read.version}" } });
  });

  it("grants the function only its own log group, queue and X-Ray, plus the permissions it is given", () => {
    const withGrant = synthesizeCanary({
      permissions: [{ sid: "ReadSecret", actions: ["secretsmanager:GetSecretValue"], resources: ["arn:aws:secretsmanager:eu-west-1:1:secret:db"] }],
    });

    expect(policyStatements(withGrant, "prisma_read_execution_permissions")).toEqual([
      expect.objectContaining({ sid: "WriteOwnLogs", resources: ["${aws_cloudwatch_log_group.prisma_read_logs.arn}:*"] }),
      expect.objectContaining({ sid: "SendOwnDeadLetters", resources: ["${aws_sqs_queue.prisma_read_dead_letters.arn}"] }),
      expect.objectContaining({ sid: "WriteTraces", resources: ["*"] }),
      expect.objectContaining({ sid: "ReadSecret", actions: ["secretsmanager:GetSecretValue"] }),
    ]);
  });

  it("lets CodeDeploy shift only this function's alias and read only its rollback alarms", () => {
    expect(policyStatements(json, "prisma_read_service_permissions")).toEqual([
      expect.objectContaining({
        actions: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
        resources: ["${aws_lambda_function.prisma_read.arn}", "${aws_lambda_function.prisma_read.arn}:*"],
      }),
      expect.objectContaining({
        actions: ["cloudwatch:DescribeAlarms"],
        resources: [
          "${aws_cloudwatch_metric_alarm.prisma_read_canary_error_rate.arn}",
          "${aws_cloudwatch_metric_alarm.prisma_read_canary_p95_latency.arn}",
          "${aws_cloudwatch_metric_alarm.prisma_read_canary_crashes.arn}",
        ],
      }),
    ]);
  });

  it("runs the canary deploy command whenever the apply publishes a version, once alias and group exist", () => {
    const trigger = onlyResource(json, "terraform_data");
    expect(trigger).toEqual({
      triggers_replace: { published_version: "${aws_lambda_function.prisma_read.version}" },
      depends_on: ["aws_codedeploy_deployment_group.prisma_read_group", "aws_lambda_alias.prisma_read_live"],
      provisioner: [
        {
          "local-exec": {
            command: "node assets/canary_deploy_script/HASH/canary-deploy.mjs",
            environment: {
              AWS_REGION: '${element(split(":", aws_lambda_function.prisma_read.arn), 3)}',
              CANARY_APPLICATION: "${aws_codedeploy_app.prisma_read.name}",
              CANARY_DEPLOYMENT_GROUP: "${aws_codedeploy_deployment_group.prisma_read_group.deployment_group_name}",
              CANARY_FUNCTION: "huntaze-prisma-read",
              CANARY_ALIAS: "live",
              CANARY_TARGET_VERSION: "${aws_lambda_function.prisma_read.version}",
              CANARY_MAX_WAIT_SECONDS: "3600",
            },
          },
        },
      ],
    });
    expect(Object.keys(json.resource!.terraform_data)).toEqual(["prisma_read_deploy"]);
    const longer = synthesizeCanary({ deploymentMaxWaitSeconds: 900 });
    expect(JSON.stringify(onlyResource(longer, "terraform_data"))).toContain('"CANARY_MAX_WAIT_SECONDS":"900"');
  });

  it("refuses a wildcard action in the permissions it is given, naming the statement", () => {
    expect(() => synthesizeCanary({ permissions: [{ sid: "TooBroad", actions: ["s3:*"], resources: ["arn:aws:s3:::b"] }] })).toThrow(
      'read: statement "TooBroad" must name exact actions like "sqs:SendMessage", got "s3:*"',
    );
  });

  it.each([
    [{ memorySizeMb: 64 }, "memorySizeMb must be a whole number from 128 to 10240, got 64"],
    [{ memorySizeMb: 512.5 }, "memorySizeMb must be a whole number from 128 to 10240, got 512.5"],
    [{ timeoutSeconds: 901 }, "timeoutSeconds must be a whole number from 1 to 900, got 901"],
    [{ reservedConcurrency: 0 }, "reservedConcurrency must be a whole number of at least 1, got 0"],
    [{ logRetentionInDays: 31 }, "logRetentionInDays must be one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 31"],
    [{ maximumRetryAttempts: 3 }, "maximumRetryAttempts must be a whole number from 0 to 2, got 3"],
    [{ maximumEventAgeInSeconds: 30 }, "maximumEventAgeInSeconds must be a whole number from 60 to 21600, got 30"],
    [{ deploymentMaxWaitSeconds: 59 }, "deploymentMaxWaitSeconds must be a whole number of at least 60, got 59"],
  ] as const)("refuses %j, a setting Lambda or the deploy step would refuse, naming the prop", (overrides, message) => {
    expect(() => synthesizeCanary(overrides)).toThrow(`read: ${message}`);
  });

  it.each([
    [{ errorRateThresholdPercent: 101 }, "errorRateThresholdPercent must be a number from 0 to 100, got 101"],
    [{ p95DurationThresholdMs: 0 }, "p95DurationThresholdMs must be a number above 0, got 0"],
    [{ alarmMinimumRequests: 0.5 }, "minimumRequests must be a whole number of at least 1, got 0.5"],
  ] as const)("refuses alarm settings %j, by FunctionAlarms' rules, naming the prop", (overrides, message) => {
    expect(() => synthesizeCanary(overrides)).toThrow(`read/alarms: ${message}`);
  });

  it("accepts a fractional error-rate threshold", () => {
    expect(() => synthesizeCanary({ errorRateThresholdPercent: 0.5 })).not.toThrow();
  });
});

describe("a canary function's deploy step with a migrator", () => {
  it("names the migrator's version to the deploy command, and runs again when that version changes", () => {
    const json = synthesizeCanary({ migrationFunctionArn: "${aws_lambda_function.db_migrator.qualified_arn}" });

    const trigger = onlyResource(json, "terraform_data") as { triggers_replace: Record<string, string>; provisioner: Array<Record<string, { environment: Record<string, string> }>> };

    expect(trigger.triggers_replace).toEqual({ published_version: "${aws_lambda_function.prisma_read.version}", migration_function: "${aws_lambda_function.db_migrator.qualified_arn}" });
    expect(trigger.provisioner[0]["local-exec"].environment.CANARY_MIGRATION_FUNCTION).toBe("${aws_lambda_function.db_migrator.qualified_arn}");
  });
});

describe("a canary function's deploy step with the health check before traffic", () => {
  const deployEnvironment = (json: TerraformJson) =>
    (onlyResource(json, "terraform_data") as { provisioner: Array<Record<string, { environment: Record<string, string> }>> }).provisioner[0]["local-exec"].environment;

  it("tells the deploy command to check each new version's GET /health before its deployment, only when asked", () => {
    expect(deployEnvironment(synthesizeCanary({ healthCheckBeforeTraffic: true }))[HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE]).toBe("true");
    expect(deployEnvironment(synthesizeCanary())).not.toHaveProperty(HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE);
    expect(deployEnvironment(synthesizeCanary({ healthCheckBeforeTraffic: false }))).not.toHaveProperty(HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE);
  });
});
