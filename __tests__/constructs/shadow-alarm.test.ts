import { CanaryFunction } from "../../constructs/canary-function";
import { ShadowAlarm, type ShadowAlarmProps } from "../../constructs/shadow-alarm";
import { fixtureArtifact } from "../support/function-code";
import { stackWithAwsProvider, synthesize, type TerraformJson } from "../support/synth";

const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:alerts";

const shadowAlarm = (overrides: Partial<ShadowAlarmProps> = {}) => {
  const stack = stackWithAwsProvider();
  new ShadowAlarm(stack, "shadow", { name: "shadow-reads", functionName: "huntaze-prisma-read", thresholdPercent: 2, alarmTopicArn: TOPIC_ARN, ...overrides });
  return synthesize(stack);
};

const alarms = (json: TerraformJson) => json.resource!.aws_cloudwatch_metric_alarm as Record<string, Record<string, any>>;

/** A candidate whose canary also rolls back on its shadow reads, as the read path's stack builds it. */
function candidateWithShadowAlarm(): TerraformJson {
  const stack = stackWithAwsProvider();
  new CanaryFunction(stack, "read", {
    name: "prisma-read",
    functionName: "huntaze-prisma-read",
    description: "candidate",
    code: fixtureArtifact("prisma-read"),
    memorySizeMb: 1024,
    timeoutSeconds: 6,
    reservedConcurrency: 20,
    deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    errorRateThresholdPercent: 2,
    p95DurationThresholdMs: 500,
    alarmTopicArn: TOPIC_ARN,
    deployScriptPath: "assets/canary_deploy_script/HASH/canary-deploy.mjs",
    additionalRollbackAlarms: ({ scope, functionName, targetVersion }) => [
      new ShadowAlarm(scope, "canary-shadow-reads", { name: "canary-shadow-reads", functionName, targetVersion, thresholdPercent: 2, alarmTopicArn: TOPIC_ARN }).alarm,
    ],
  });
  return synthesize(stack);
}

describe("ShadowAlarm", () => {
  it("judges every version's shadow reads without targetVersion: mismatches plus errors over reads, guarded, 10 s periods, 2 of 3", () => {
    const alarm = alarms(shadowAlarm()).shadow_reads;

    expect(alarm).toMatchObject({
      alarm_name: "huntaze-prisma-read-shadow-drift-rate",
      comparison_operator: "GreaterThanThreshold",
      threshold: 2,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
      treat_missing_data: "notBreaching",
      alarm_actions: [TOPIC_ARN],
      ok_actions: [TOPIC_ARN],
    });
    expect(alarm.metric_query.map((query: any) => query.metric?.metric_name ?? query.expression)).toEqual([
      "ShadowMismatches",
      "ShadowErrors",
      "ShadowReads",
      "IF(reads >= 10, 100 * (FILL(mismatches, 0) + FILL(errors, 0)) / reads, 0)",
    ]);
    for (const query of alarm.metric_query.filter((query: any) => query.metric)) {
      expect(query.metric).toMatchObject({ namespace: "Huntaze/ReadPath", dimensions: { service: "huntaze-prisma-read" }, period: 10, stat: "Sum" });
    }
  });

  it("judges the version being deployed alone with targetVersion, under the canary's name", () => {
    const alarm = alarms(shadowAlarm({ targetVersion: "7", minimumShadowReads: 25, serviceName: "svc" })).shadow_reads;

    expect(alarm.alarm_name).toBe("huntaze-prisma-read-canary-shadow-drift-rate");
    expect(alarm.alarm_description).toMatch(/served by the version being deployed .* at least 25 shadow reads\)\. Stops the candidate's canary and rolls it back/);
    expect(alarm.metric_query[0].metric.dimensions).toEqual({ service: "svc", version: "7" });
    expect(alarm.metric_query[3].expression).toBe("IF(reads >= 25, 100 * (FILL(mismatches, 0) + FILL(errors, 0)) / reads, 0)");
  });

  it.each([
    [{ thresholdPercent: 120 }, "thresholdPercent must be a number from 0 to 100, got 120"],
    [{ thresholdPercent: -1 }, "thresholdPercent must be a number from 0 to 100, got -1"],
    [{ minimumShadowReads: 0 }, "minimumShadowReads must be a whole number of at least 1, got 0"],
    [{ minimumShadowReads: 2.5 }, "minimumShadowReads must be a whole number of at least 1, got 2.5"],
  ])("refuses %j, naming the prop", (overrides, message) => {
    expect(() => shadowAlarm(overrides)).toThrow(`shadow: ${message}`);
  });

  it("takes a fractional threshold and the bounds themselves", () => {
    for (const overrides of [{ thresholdPercent: 0.5 }, { thresholdPercent: 0 }, { thresholdPercent: 100 }, { minimumShadowReads: 1 }]) {
      expect(() => shadowAlarm(overrides)).not.toThrow();
    }
  });
});

describe("CanaryFunction's additionalRollbackAlarms", () => {
  const json = candidateWithShadowAlarm();

  it("builds them against the version being deployed, and CodeDeploy's group rolls back on them beside its own three", () => {
    const shadow = alarms(json).canary_shadow_reads;
    expect(shadow.metric_query[0].metric.dimensions).toEqual({ service: "huntaze-prisma-read", version: "${aws_lambda_function.prisma_read.version}" });

    const group = Object.values(json.resource!.aws_codedeploy_deployment_group)[0] as Record<string, any>;
    expect(group.alarm_configuration.alarms).toEqual([
      "${aws_cloudwatch_metric_alarm.prisma_read_canary_error_rate.alarm_name}",
      "${aws_cloudwatch_metric_alarm.prisma_read_canary_p95_latency.alarm_name}",
      "${aws_cloudwatch_metric_alarm.prisma_read_canary_crashes.alarm_name}",
      "${aws_cloudwatch_metric_alarm.canary_shadow_reads.alarm_name}",
    ]);
  });

  it("lets CodeDeploy's service role describe them", () => {
    const statements = (json.data!.aws_iam_policy_document as Record<string, any>).prisma_read_service_permissions.statement as Array<Record<string, any>>;

    expect(statements.find((statement) => statement.sid === "ReadRollbackAlarms")?.resources).toContain("${aws_cloudwatch_metric_alarm.canary_shadow_reads.arn}");
  });

  it("names them for a bake hook's grant, from the function's name alone", () => {
    const location = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };

    const targets = CanaryFunction.canaryHookTargets("huntaze-prisma-read", location, [ShadowAlarm.alarmName("huntaze-prisma-read", "version being deployed")]);

    expect(targets.rollbackAlarmArns).toContain("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:huntaze-prisma-read-canary-shadow-drift-rate");
    expect(CanaryFunction.canaryHookTargets("huntaze-prisma-read", location).rollbackAlarmArns).toHaveLength(3);
  });
});
