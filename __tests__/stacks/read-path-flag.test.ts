import { loadAppConfig } from "../../config";
import { parsePrismaReadFlag } from "../../functions/mock-read/flag/prisma-read-flag";
import { featureFlagDocument } from "../../constructs/read-path-flag";
import { readControlSettings } from "../../functions/mock-read/settings";
import { candidateBudgetMs } from "../../config/capacity";
import { synthesizeEnvironment } from "../support/app-stacks";
import { onlyResource, type TerraformJson } from "../support/synth";

type Resource = Record<string, any>;
const statementsOf = (json: TerraformJson, document: string): Resource[] => (json.data as any).aws_iam_policy_document[document].statement;

describe("the prismaRead flag in AppConfig", () => {
  const dev = synthesizeEnvironment("dev");
  const prod = synthesizeEnvironment("prod");
  const prodConfig = loadAppConfig().environments.find((environment) => environment.name === "prod")!;

  it("is a hosted feature-flag profile whose version holds the environment's value, with its constraints as validator", () => {
    const version = onlyResource(prod, "aws_appconfig_hosted_configuration_version");
    const document = JSON.parse(version.content as string);

    expect(onlyResource(prod, "aws_appconfig_configuration_profile")).toMatchObject({ location_uri: "hosted", type: "AWS.AppConfig.FeatureFlags" });
    expect(document.values.prismaRead).toEqual({ enabled: true, mode: "percentage", percentage: prodConfig.flag.prismaRead.percentage });
    expect(document.flags.prismaRead.attributes).toEqual({
      mode: { constraints: { type: "string", enum: ["off", "shadow", "percentage", "all"], required: true } },
      percentage: { constraints: { type: "number", minimum: 0, maximum: 100, required: true } },
    });
  });

  it.each([
    [{ mode: "off", percentage: 40 }, { mode: "off", percentage: 0 }],
    [{ mode: "percentage", percentage: 30 }, { mode: "percentage", percentage: 30 }],
    [{ mode: "all", percentage: 0 }, { mode: "all", percentage: 100 }],
  ] as const)("deploys %j as the control reads it: %j", (value, asRead) => {
    // What AppConfig serves a client is the document's values.
    const served = JSON.stringify(JSON.parse(featureFlagDocument(value)).values);

    expect(parsePrismaReadFlag(served)).toEqual(asRead);
  });

  it("is watched by the candidate's error-rate, p95 and shadow-drift alarms on every version and the control's fallback alarm, through a role that may only describe them", () => {
    const environment = onlyResource(prod, "aws_appconfig_environment");
    const monitors = [
      "${aws_cloudwatch_metric_alarm.prisma_read_error_rate.arn}",
      "${aws_cloudwatch_metric_alarm.prisma_read_p95_latency.arn}",
      "${aws_cloudwatch_metric_alarm.candidate_fallbacks_fallback_rate.arn}",
      "${aws_cloudwatch_metric_alarm.shadow_reads.arn}",
    ];

    expect(environment.name).toBe("prod");
    expect(environment.monitor).toEqual(monitors.map((alarm_arn) => ({ alarm_arn, alarm_role_arn: "${aws_iam_role.flag_monitor_role.arn}" })));
    expect(statementsOf(prod, "flag_monitor_trust")[0].principals).toEqual([{ type: "Service", identifiers: ["appconfig.amazonaws.com"] }]);
    expect(statementsOf(prod, "flag_monitor_permissions")).toEqual([expect.objectContaining({ actions: ["cloudwatch:DescribeAlarms"], resources: monitors })]);
  });

  it("rolls back when the control serves too many of the reads it handed to the candidate itself", () => {
    const fallbackRate = (prod.resource as any).aws_cloudwatch_metric_alarm.candidate_fallbacks_fallback_rate;
    const control = { service: "huntaze-mock-read" };

    expect(fallbackRate).toMatchObject({
      alarm_name: "huntaze-mock-read-candidate-fallback-rate",
      threshold: prodConfig.canary.errorRateThresholdPercent,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
      treat_missing_data: "notBreaching",
    });
    expect(fallbackRate.metric_query).toEqual([
      { id: "failures", return_data: false, metric: { namespace: "Huntaze/ReadPath", metric_name: "CandidateFallbacks", dimensions: control, period: 10, stat: "Sum" } },
      { id: "requests", return_data: false, metric: { namespace: "Huntaze/ReadPath", metric_name: "CandidateReads", dimensions: control, period: 10, stat: "Sum" } },
      {
        id: "rate",
        expression: `IF(requests >= ${prodConfig.canary.minimumRequestsPerPeriod}, 100 * FILL(failures, 0) / requests, 0)`,
        label: "Candidate fallback rate (%)",
        return_data: true,
      },
    ]);
  });

  it("rolls out gradually with a bake in prod, all at once in dev, and deploys the version it built", () => {
    expect(onlyResource(prod, "aws_appconfig_deployment_strategy")).toMatchObject({
      growth_type: "LINEAR",
      growth_factor: 20,
      deployment_duration_in_minutes: 10,
      final_bake_time_in_minutes: 10,
    });
    expect(onlyResource(dev, "aws_appconfig_deployment_strategy")).toMatchObject({ growth_factor: 100, deployment_duration_in_minutes: 0, final_bake_time_in_minutes: 0 });
    expect(onlyResource(prod, "aws_appconfig_deployment")).toMatchObject({
      application_id: "${aws_appconfig_application.flag.id}",
      environment_id: "${aws_appconfig_environment.flag_environment.environment_id}",
      configuration_profile_id: "${aws_appconfig_configuration_profile.flag_profile.configuration_profile_id}",
      configuration_version: "${aws_appconfig_hosted_configuration_version.flag_version.version_number}",
      deployment_strategy_id: "${aws_appconfig_deployment_strategy.flag_strategy.id}",
    });
  });

  it("lets the control read this flag profile and invoke the candidate's live alias, and nothing more of either", () => {
    const statements = statementsOf(prod, "mock_read_execution_permissions");
    const appConfig = statements.filter((statement) => statement.actions.some((action: string) => action.startsWith("appconfig:")));
    const lambda = statements.filter((statement) => statement.actions.some((action: string) => action.startsWith("lambda:")));

    expect(appConfig).toEqual([
      expect.objectContaining({
        actions: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
        resources: [
          "arn:aws:appconfig:eu-west-1:333333333333:application/${aws_appconfig_application.flag.id}/environment/${aws_appconfig_environment.flag_environment.environment_id}/configuration/${aws_appconfig_configuration_profile.flag_profile.configuration_profile_id}",
        ],
      }),
    ]);
    expect(lambda).toEqual([expect.objectContaining({ actions: ["lambda:InvokeFunction"], resources: ["${aws_lambda_alias.prisma_read_live.arn}"] })]);
  });

  it("tells the control where the flag is and whom to hand reads to, within the control's own timeout", () => {
    const variables = (prod.resource as any).aws_lambda_function.mock_read.environment.variables;

    expect(variables).toMatchObject({
      FLAG_APPLICATION_ID: "${aws_appconfig_application.flag.id}",
      FLAG_ENVIRONMENT_ID: "${aws_appconfig_environment.flag_environment.environment_id}",
      FLAG_PROFILE_ID: "${aws_appconfig_configuration_profile.flag_profile.configuration_profile_id}",
      CANDIDATE_FUNCTION_ARN: "${aws_lambda_alias.prisma_read_live.arn}",
    });
    expect(variables.CANDIDATE_BUDGET_MS).toBe(String(candidateBudgetMs(prodConfig)));
    expect(Number(variables.CANDIDATE_BUDGET_MS)).toBeLessThan(prodConfig.functions.mockRead.timeoutSeconds * 1000);
  });
});

it.each([
  [1, 50],
  [6, 500],
  [60, 500],
  [900, 20_000],
])("gives the candidate a budget the control accepts, for a %i s candidate timeout and a %i ms p95 target", (timeoutSeconds, p95DurationThresholdMs) => {
  const budget = candidateBudgetMs({
    functions: { mockRead: { memorySizeMb: 512, timeoutSeconds: 29, reservedConcurrency: 1 }, prismaRead: { memorySizeMb: 512, timeoutSeconds, reservedConcurrency: 1 } },
    canary: { ...loadAppConfig().environments[0].canary, p95DurationThresholdMs },
  });

  expect(budget).toBeLessThanOrEqual(timeoutSeconds * 1000);
  expect(() =>
    readControlSettings({
      FLAG_APPLICATION_ID: "a",
      FLAG_ENVIRONMENT_ID: "e",
      FLAG_PROFILE_ID: "p",
      CANDIDATE_FUNCTION_ARN: "arn:aws:lambda:eu-west-1:123456789012:function:f:live",
      CANDIDATE_BUDGET_MS: String(budget),
    }),
  ).not.toThrow();
});
