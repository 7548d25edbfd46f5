import { HOOK_VARIABLE } from "../../deploy/deploy-variables";
import { synthesizeEnvironment } from "../support/app-stacks";

type Resource = Record<string, any>;

describe("the BeforeAllowTraffic hook", () => {
  const prod = synthesizeEnvironment("prod") as any;
  const deploys: Record<string, Resource> = prod.resource.terraform_data;
  const statements = (document: string): Resource[] => prod.data.aws_iam_policy_document[document].statement;
  const HOOK = "${aws_lambda_alias.canary_health_hook_live.arn}";

  it("checks every new version of both read functions before CodeDeploy shifts traffic to it", () => {
    const hookOf = (deploy: string) => deploys[deploy].provisioner[0]["local-exec"].environment[HOOK_VARIABLE];

    expect(hookOf("mock_read_deploy")).toBe(HOOK);
    expect(hookOf("prisma_read_deploy")).toBe(HOOK);
    // The hook's own deployment has no hook: it would check itself.
    expect(hookOf("canary_health_hook_deploy")).toBeUndefined();
  });

  it("may be invoked by the read functions' CodeDeploy roles, and by nothing else they hold", () => {
    for (const fn of ["mock_read", "prisma_read"]) {
      const invoke = statements(`${fn}_service_permissions`).filter((statement) => statement.actions.includes("lambda:InvokeFunction"));
      expect(invoke).toEqual([expect.objectContaining({ sid: "RunTheTrafficHook", resources: [HOOK] })]);
    }
  });

  it("may only read and report the read functions' deployments, and invoke their versions", () => {
    expect(statements("canary_health_hook_execution_permissions")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actions: ["codedeploy:ListDeploymentTargets", "codedeploy:GetDeploymentTarget", "codedeploy:PutLifecycleEventHookExecutionStatus"],
          resources: [
            "arn:aws:codedeploy:eu-west-1:333333333333:deploymentgroup:huntaze-mock-read/huntaze-mock-read-live",
            "arn:aws:codedeploy:eu-west-1:333333333333:deploymentgroup:huntaze-prisma-read/huntaze-prisma-read-live",
          ],
        }),
        expect.objectContaining({
          actions: ["lambda:InvokeFunction"],
          resources: ["arn:aws:lambda:eu-west-1:333333333333:function:huntaze-mock-read:*", "arn:aws:lambda:eu-west-1:333333333333:function:huntaze-prisma-read:*"],
        }),
      ]),
    );
  });

  it("names the deployment groups it may report on as CodeDeploy names them", () => {
    const groups = Object.values(prod.resource.aws_codedeploy_deployment_group as Record<string, Resource>).map(
      (group) => `${group.app_name}/${group.deployment_group_name}`,
    );

    expect(groups).toEqual(expect.arrayContaining(["${aws_codedeploy_app.mock_read.name}/huntaze-mock-read-live", "${aws_codedeploy_app.prisma_read.name}/huntaze-prisma-read-live"]));
    expect([prod.resource.aws_codedeploy_app.mock_read.name, prod.resource.aws_codedeploy_app.prisma_read.name]).toEqual(["huntaze-mock-read", "huntaze-prisma-read"]);
  });
});
