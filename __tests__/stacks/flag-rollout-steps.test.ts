import { createHash } from "node:crypto";
import { loadAppConfig } from "../../config";
import { FLAG_WAIT_MARGIN_SECONDS } from "../../constructs/read-path-flag";
import { synthesizeEnvironment } from "../support/app-stacks";
import { onlyResource } from "../support/synth";

type Resource = Record<string, any>;

describe("the flag's lifecycle in a synthesized environment", () => {
  const prod = synthesizeEnvironment("prod");
  const rollout = loadAppConfig().environments.find((environment) => environment.name === "prod")!.flag.rollout;
  const data = (name: string): Resource => (prod.resource as any).terraform_data[name];
  const localExec = (resource: Resource) => resource.provisioner[0]["local-exec"];

  it("makes a new hosted version before deleting the old one, and only after the preflight check", () => {
    expect(onlyResource(prod, "aws_appconfig_hosted_configuration_version")).toMatchObject({
      lifecycle: { create_before_destroy: true },
      depends_on: ["terraform_data.flag_rollout_preflight"],
    });
  });

  it("checks for a running rollout whenever the value changes, after the candidate's deploy step", () => {
    const preflight = data("flag_rollout_preflight");

    const content = onlyResource(prod, "aws_appconfig_hosted_configuration_version").content as string;
    expect(preflight.triggers_replace).toEqual({ content_sha256: createHash("sha256").update(content).digest("hex") });
    expect(preflight.depends_on).toEqual(["terraform_data.prisma_read_deploy"]);
    expect(localExec(preflight).environment).toMatchObject({
      DEPLOY_STEP: "flag-preflight",
      FLAG_APPLICATION_ID: "${aws_appconfig_application.flag.id}",
      FLAG_ENVIRONMENT_ID: "${aws_appconfig_environment.flag_environment.environment_id}",
    });
    expect(localExec(preflight).command).toBe(localExec(data("prisma_read_deploy")).command);
  });

  it("waits for each deployment's rollout, as long as the strategy and its bake take and a margin", () => {
    const wait = data("flag_rollout_wait");

    expect(wait.triggers_replace).toEqual({ deployment_number: "${aws_appconfig_deployment.flag_deployment.deployment_number}" });
    expect(wait.depends_on).toEqual(["aws_appconfig_deployment.flag_deployment"]);
    expect(localExec(wait).environment).toMatchObject({
      DEPLOY_STEP: "flag-rollout",
      FLAG_DEPLOYMENT_NUMBER: "${aws_appconfig_deployment.flag_deployment.deployment_number}",
      FLAG_MAX_WAIT_SECONDS: String((rollout.deploymentDurationInMinutes + rollout.finalBakeTimeInMinutes) * 60 + FLAG_WAIT_MARGIN_SECONDS),
    });
  });
});
