import { addresses } from "../support/synth";
import { synthesizeInPhase } from "../support/phase-environment";

type Resource = Record<string, any>;

describe("a read-path stack in the direct phase", () => {
  // dev as its config reads in `all` and in `direct`: the move between them is one line.
  const all = synthesizeInPhase("dev", { mode: "all" });
  const direct = synthesizeInPhase("dev", { mode: "direct" });
  const resources = (json: typeof direct.json, type: string): Record<string, Resource> => json.resource?.[type] ?? {};

  it("hands every route to the candidate's live alias, with the same routes as before", () => {
    const integrations = Object.values(resources(direct.json, "aws_api_gateway_integration"));

    expect(integrations.map((integration) => integration.uri)).toEqual(["${aws_lambda_alias.prisma_read_live.invoke_arn}", "${aws_lambda_alias.prisma_read_live.invoke_arn}"]);
    expect(Object.keys(resources(direct.json, "aws_api_gateway_integration"))).toEqual(Object.keys(resources(all.json, "aws_api_gateway_integration")));
    expect(resources(direct.json, "aws_lambda_permission").read_api_invoke_permission).toMatchObject({
      function_name: "${aws_lambda_function.prisma_read.function_name}",
      qualifier: "${aws_lambda_alias.prisma_read_live.name}",
      principal: "apigateway.amazonaws.com",
    });
  });

  it("lets API Gateway invoke the new target before any integration points at it", () => {
    const permission = resources(direct.json, "aws_lambda_permission").read_api_invoke_permission;

    // Replaced when the target moves (each of its attributes forces it): the new one first.
    expect(permission.lifecycle).toEqual({ create_before_destroy: true });
    for (const integration of Object.values(resources(direct.json, "aws_api_gateway_integration"))) {
      expect(integration.depends_on).toEqual(["aws_lambda_permission.read_api_invoke_permission"]);
    }
    // …and the old grant goes only once the stage has moved to the new deployment.
    expect(Object.values(resources(direct.json, "aws_api_gateway_stage"))[0].depends_on).toContain("aws_lambda_permission.read_api_invoke_permission");
  });

  it("synthesizes no control, flag, fallback alarm or flag's shadow alarm, and leaves everything else of `all` in place", () => {
    const removed = addresses(all.json).filter((address) => !addresses(direct.json).includes(address));
    const added = addresses(direct.json).filter((address) => !addresses(all.json).includes(address));

    expect(added).toEqual([]);
    expect(removed.filter((address) => !/mock_read|^aws_appconfig_|flag|candidate_fallbacks|\.shadow_reads$/.test(address))).toEqual([]);
    expect(removed).toEqual(expect.arrayContaining(["aws_lambda_function.mock_read", "aws_lambda_alias.mock_read_live", "aws_codedeploy_app.mock_read", "aws_sqs_queue.mock_read_dead_letters", "aws_cloudwatch_log_group.mock_read_logs", "aws_iam_role.mock_read_execution_role", "aws_appconfig_application.flag", "terraform_data.flag_rollout_wait", "aws_cloudwatch_metric_alarm.candidate_fallbacks_fallback_rate", "aws_cloudwatch_metric_alarm.shadow_reads"]));
    expect(addresses(direct.json).filter((address) => /mock|appconfig|flag|fallback/.test(address))).toEqual([]);
    expect(direct.stack.mockRead).toBeUndefined();
    expect(direct.stack.flag).toBeUndefined();
  });

  it("keeps the candidate's canary, alarms and dashboard, with no control widgets or alarms on it", () => {
    const dashboard = JSON.parse(resources(direct.json, "aws_cloudwatch_dashboard").dashboard.dashboard_body);
    const text = JSON.stringify(dashboard);

    expect(addresses(direct.json)).toEqual(expect.arrayContaining(["aws_codedeploy_deployment_group.prisma_read_group", "aws_cloudwatch_metric_alarm.prisma_read_canary_error_rate", "terraform_data.prisma_read_deploy"]));
    expect(text).toContain("huntaze-prisma-read");
    expect(text).not.toContain("mock-read");
    expect(text).not.toContain("mock_read");
    expect(text).not.toContain("candidate_fallbacks");
  });

  it("grants the health hook the candidate's deployments only", () => {
    const text = JSON.stringify(direct.json.data?.aws_iam_policy_document?.canary_health_hook_execution_permissions);

    expect(text).toContain("huntaze-prisma-read");
    expect(text).not.toContain("huntaze-mock-read");
  });

  it("leaves prod's log key as it was: its policy still names the control's log group, which no longer exists", () => {
    // No change to a KMS key in the move, and none on the way back.
    const keyPolicy = (json: typeof direct.json) => json.data?.aws_iam_policy_document?.log_key_key_policy;
    const prodAll = synthesizeInPhase("prod", { mode: "percentage" });
    const prodDirect = synthesizeInPhase("prod", { mode: "direct" });

    expect(keyPolicy(prodDirect.json)).toBeDefined();
    expect(keyPolicy(prodDirect.json)).toEqual(keyPolicy(prodAll.json));
    expect(JSON.stringify(keyPolicy(prodDirect.json))).toContain("/aws/lambda/huntaze-mock-read");
    expect(prodDirect.json.resource?.aws_kms_key).toEqual(prodAll.json.resource?.aws_kms_key);
  });
});
