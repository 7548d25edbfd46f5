import { AFTER_HOOK_VARIABLE, HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE, HOOK_VARIABLE } from "../../contracts/canary-deploy-inputs";
import { loadAppConfig } from "../../config";
import { synthesizeEnvironment } from "../support/app-stacks";

type Resource = Record<string, any>;

describe("the canary hooks (BeforeAllowTraffic check, AfterAllowTraffic bake)", () => {
  const prod = synthesizeEnvironment("prod") as any;
  const dev = synthesizeEnvironment("dev") as any;
  const prodBakeMinutes = loadAppConfig().environments.find((environment) => environment.name === "prod")!.canary.bakeTimeMinutes;
  const deploys: Record<string, Resource> = prod.resource.terraform_data;
  const statements = (document: string): Resource[] => prod.data.aws_iam_policy_document[document].statement;
  const HOOK = "${aws_lambda_alias.canary_health_hook_live.arn}";
  const deployEnvironment = (json: any, deploy: string) => json.resource.terraform_data[deploy].provisioner[0]["local-exec"].environment;

  it("checks every new version of both read functions before CodeDeploy shifts traffic to it", () => {
    const hookOf = (deploy: string) => deployEnvironment(prod, deploy)[HOOK_VARIABLE];

    expect(hookOf("mock_read_deploy")).toBe(HOOK);
    expect(hookOf("prisma_read_deploy")).toBe(HOOK);
    // The hook's own deployment has no hook: it would check itself.
    expect(hookOf("canary_health_hook_deploy")).toBeUndefined();
    expect(Object.keys(deploys)).toEqual(expect.arrayContaining(["mock_read_deploy", "prisma_read_deploy", "canary_health_hook_deploy"]));
  });

  it("has its own deploy step check each new version's GET /health before its deployment, and only its own", () => {
    for (const json of [prod, dev]) {
      expect(deployEnvironment(json, "canary_health_hook_deploy")[HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE]).toBe("true");
      // The read functions' versions are checked by the hook itself, in CodeDeploy's BeforeAllowTraffic.
      expect(deployEnvironment(json, "mock_read_deploy")).not.toHaveProperty(HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE);
      expect(deployEnvironment(json, "prisma_read_deploy")).not.toHaveProperty(HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE);
    }
  });

  it("bakes every new version of both read functions once all traffic is on it, where the environment has a bake time", () => {
    expect(prodBakeMinutes).toBeGreaterThan(0);
    expect(deployEnvironment(prod, "mock_read_deploy")[AFTER_HOOK_VARIABLE]).toBe(HOOK);
    expect(deployEnvironment(prod, "prisma_read_deploy")[AFTER_HOOK_VARIABLE]).toBe(HOOK);
    expect(deployEnvironment(prod, "canary_health_hook_deploy")[AFTER_HOOK_VARIABLE]).toBeUndefined();
    // dev's bake time is 0: no AfterAllowTraffic hook at all.
    expect(deployEnvironment(dev, "prisma_read_deploy")[AFTER_HOOK_VARIABLE]).toBeUndefined();
  });

  it("is told the bake time, and may run for the whole bake and a minute more to report", () => {
    const bakeSeconds = prodBakeMinutes * 60;
    const hook = prod.resource.aws_lambda_function.canary_health_hook;

    expect(hook.environment.variables.CANARY_BAKE_SECONDS).toBe(String(bakeSeconds));
    expect(hook.timeout).toBe(bakeSeconds + 60);
    expect(dev.resource.aws_lambda_function.canary_health_hook.environment.variables.CANARY_BAKE_SECONDS).toBe("0");
  });

  it("may be invoked by the read functions' CodeDeploy roles, once for both events, and by nothing else they hold", () => {
    for (const fn of ["mock_read", "prisma_read"]) {
      const invoke = statements(`${fn}_service_permissions`).filter((statement) => statement.actions.includes("lambda:InvokeFunction"));
      expect(invoke).toEqual([expect.objectContaining({ sid: "RunTheTrafficHook", resources: [HOOK] })]);
    }
  });

  it("may only read and report the read functions' deployments, invoke their versions and describe their rollback alarms", () => {
    expect(statements("canary_health_hook_execution_permissions")).toEqual(
      expect.arrayContaining([
        // IAM matches the two target reads against "*" only (no resource type): a scoped statement would deny them.
        expect.objectContaining({ sid: "ReadDeploymentTargets", actions: ["codedeploy:ListDeploymentTargets", "codedeploy:GetDeploymentTarget"], resources: ["*"] }),
        expect.objectContaining({
          actions: ["codedeploy:GetDeployment", "codedeploy:GetDeploymentGroup", "codedeploy:PutLifecycleEventHookExecutionStatus"],
          resources: [
            "arn:aws:codedeploy:eu-west-1:333333333333:deploymentgroup:huntaze-mock-read/huntaze-mock-read-live",
            "arn:aws:codedeploy:eu-west-1:333333333333:deploymentgroup:huntaze-prisma-read/huntaze-prisma-read-live",
          ],
        }),
        expect.objectContaining({
          actions: ["lambda:InvokeFunction"],
          resources: ["arn:aws:lambda:eu-west-1:333333333333:function:huntaze-mock-read:*", "arn:aws:lambda:eu-west-1:333333333333:function:huntaze-prisma-read:*"],
        }),
        expect.objectContaining({ sid: "BakeAgainstRollbackAlarms", actions: ["cloudwatch:DescribeAlarms"] }),
      ]),
    );
  });

  it("may describe exactly the alarms the read functions' deployment groups roll back on, as the bake reads them", () => {
    const groups: Resource[] = Object.values(prod.resource.aws_codedeploy_deployment_group);
    const alarms: Record<string, Resource> = prod.resource.aws_cloudwatch_metric_alarm;
    // A group names its alarms by reference: `${aws_cloudwatch_metric_alarm.<address>.alarm_name}`.
    const alarmName = (reference: string) => alarms[/aws_cloudwatch_metric_alarm\.(\w+)\.alarm_name/.exec(reference)![1]].alarm_name;
    const readGroups = groups.filter((group) => /huntaze-(mock|prisma)-read-live/.test(group.deployment_group_name));
    const rollbackAlarms = readGroups.flatMap((group) => group.alarm_configuration.alarms.map(alarmName));
    const described = statements("canary_health_hook_execution_permissions").find((statement) => statement.sid === "BakeAgainstRollbackAlarms")!;

    expect(readGroups).toHaveLength(2);
    expect(described.resources).toEqual(rollbackAlarms.map((name: string) => `arn:aws:cloudwatch:eu-west-1:333333333333:alarm:${name}`));
  });

  it("names the deployment groups it may report on as CodeDeploy names them", () => {
    const groups = Object.values(prod.resource.aws_codedeploy_deployment_group as Record<string, Resource>).map(
      (group) => `${group.app_name}/${group.deployment_group_name}`,
    );

    expect(groups).toEqual(expect.arrayContaining(["${aws_codedeploy_app.mock_read.name}/huntaze-mock-read-live", "${aws_codedeploy_app.prisma_read.name}/huntaze-prisma-read-live"]));
    expect([prod.resource.aws_codedeploy_app.mock_read.name, prod.resource.aws_codedeploy_app.prisma_read.name]).toEqual(["huntaze-mock-read", "huntaze-prisma-read"]);
  });
});
