import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleCanaryDeployScript, CANARY_DEPLOY_FILE } from "../../bundling/deploy-script";
import { DEPLOY_VARIABLES, HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE, REDEPLOY_VARIABLE } from "../../deploy/deploy-variables";
import { childProcessEnvironment } from "../support/aws-wire-server";
import { runNode, type ProcessResult } from "../support/child-process";
import { FakeCodeDeploy } from "../support/fake-codedeploy";
import { FakeAppConfig } from "../support/fake-appconfig";
import { PROJECT_ROOT } from "../support/project-copy";

/** The bundled command, copied where no node_modules can be found: it must carry everything. */
function buildStandaloneScript(): string {
  const artifact = bundleCanaryDeployScript(PROJECT_ROOT, mkdtempSync(join(tmpdir(), "huntaze-deploy-build-")));
  const alone = join(mkdtempSync(join(tmpdir(), "huntaze-deploy-run-")), CANARY_DEPLOY_FILE);
  cpSync(artifact.path, alone);
  return alone;
}

function run(script: string, environment: Record<string, string>): Promise<ProcessResult> {
  return runNode([script], { cwd: tmpdir(), env: environment, timeoutMs: 30_000 });
}

// Built once for both kinds of step the command runs.
const script = buildStandaloneScript();

describe("the bundled canary deploy command, as Terraform's local-exec runs it", () => {
  let aws: FakeCodeDeploy;
  let environment: Record<string, string>;

  beforeEach(async () => {
    aws = new FakeCodeDeploy();
    await aws.server.start();
    environment = {
      ...childProcessEnvironment(aws.server),
      [DEPLOY_VARIABLES.applicationName]: "huntaze-mock-read",
      [DEPLOY_VARIABLES.deploymentGroupName]: "huntaze-mock-read-live",
      [DEPLOY_VARIABLES.functionName]: "huntaze-mock-read",
      [DEPLOY_VARIABLES.aliasName]: "live",
      [DEPLOY_VARIABLES.targetVersion]: "4",
    };
  });
  afterEach(() => aws.server.stop());

  it("exits 0 once the deployment succeeds", async () => {
    aws.alias = { version: "3" };

    const result = await run(script, environment);

    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/shifting huntaze-mock-read:live from version 3 to 4/);
    expect(result.stdout).toMatch(/d-TESTCANARY succeeded/);
    expect(aws.createdAppSpec().Resources[0]["huntaze-mock-read"].Properties).toMatchObject({
      CurrentVersion: "3",
      TargetVersion: "4",
    });
  });

  it("exits 0 without deploying when the alias already serves the version", async () => {
    aws.alias = { version: "4" };

    expect(await run(script, environment)).toMatchObject({ code: 0 });
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
  });

  it("exits 1 and says why when the canary rolls back, which fails the apply", async () => {
    aws.alias = { version: "3" };
    aws.deployment = {
      statuses: ["Stopped"],
      errorInformation: { code: "ALARM_ACTIVE", message: "huntaze-mock-read-p95-duration in ALARM" },
      rollbackInfo: { rollbackDeploymentId: "d-ROLLBACK1", rollbackMessage: "Automatic rollback" },
    };

    const result = await run(script, environment);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/canary deploy failed: CanaryDeployError: Deployment d-TESTCANARY stopped \(ALARM_ACTIVE/);
    expect(result.stderr).toMatch(/rolled back by deployment d-ROLLBACK1/);
  });

  it("after a rollback, the next run refuses the same version; the variable naming it retries it on purpose", async () => {
    aws.alias = { version: "3" };
    aws.deployment = { statuses: ["Stopped"], errorInformation: { code: "ALARM_ACTIVE", message: "canary alarm" } };
    expect(await run(script, environment)).toMatchObject({ code: 1 });
    aws.deployment = { statuses: ["Succeeded"] };

    const refused = await run(script, environment);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/version 4 of huntaze-mock-read was rolled back by its canary .*CANARY_REDEPLOY_ROLLED_BACK=huntaze-mock-read:4/);

    const otherVersion = await run(script, { ...environment, [REDEPLOY_VARIABLE]: "huntaze-mock-read:3" });
    expect(otherVersion.code).toBe(1);

    const retried = await run(script, { ...environment, [REDEPLOY_VARIABLE]: "huntaze-mock-read:4" });
    expect(retried.code).toBe(0);
    expect(retried.stdout).toMatch(/Deploying version 4 again on purpose/);
  });

  it("with the health check before traffic on, exits 1 naming the answer of a new version that fails it, before any deployment", async () => {
    aws.alias = { version: "3" };
    aws.invoke = async () => ({ payload: { statusCode: 503, body: "{}" } });

    const result = await run(script, { ...environment, [HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE]: "true" });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/canary deploy failed: CanaryDeployError: huntaze-mock-read:4 failed its health check before traffic \(GET \/health answered 503: /);
    expect(aws.server.calls("Invoke").map((call) => call.query.get("Qualifier"))).toEqual(["4"]);
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
  });

  it("exits 2 when the health check's switch is neither true nor false", async () => {
    const result = await run(script, { ...environment, [HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE]: "yes" });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CANARY_HEALTH_CHECK_BEFORE_TRAFFIC must be true or false, got "yes"/);
    expect(aws.server.requests).toHaveLength(0);
  });

  it("exits 2 when the retry variable is not <function>:<version>", async () => {
    const result = await run(script, { ...environment, [REDEPLOY_VARIABLE]: "4" });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CANARY_REDEPLOY_ROLLED_BACK must be <function>:<version>, such as huntaze-mock-read:4; got "4"/);
  });

  it("exits 1 naming the AWS error when a call is refused", async () => {
    environment[DEPLOY_VARIABLES.functionName] = "huntaze-unknown";

    const result = await run(script, environment);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ResourceNotFoundException: Function not found: huntaze-unknown/);
  });

  it("exits 2 naming every missing variable, or a target that is not a published version", async () => {
    const { [DEPLOY_VARIABLES.aliasName]: _alias, [DEPLOY_VARIABLES.targetVersion]: _target, ...partial } = environment;
    const missing = await run(script, partial);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/set CANARY_ALIAS, CANARY_TARGET_VERSION/);

    const latest = await run(script, { ...environment, [DEPLOY_VARIABLES.targetVersion]: "$LATEST" });
    expect(latest.code).toBe(2);
    expect(latest.stderr).toMatch(/CANARY_TARGET_VERSION must be a published version number, got "\$LATEST"/);
    expect(aws.server.requests).toHaveLength(0);
  });
});

describe("the same bundled command running the flag's steps (DEPLOY_STEP)", () => {
  let appConfig: FakeAppConfig;
  beforeEach(async () => {
    appConfig = new FakeAppConfig();
    await appConfig.server.start();
  });
  afterEach(() => appConfig.server.stop());
  const flagEnvironment = (more: Record<string, string>) => ({ ...childProcessEnvironment(appConfig.server), FLAG_APPLICATION_ID: "app1234", FLAG_ENVIRONMENT_ID: "env5678", ...more });

  it("exits 1 naming the deployment when AppConfig rolled the flag back, and 0 once a rollout is COMPLETE", async () => {
    appConfig.deployments.push({ deploymentNumber: 1, configurationVersion: "1", states: ["COMPLETE"] });
    appConfig.deployments.push({ deploymentNumber: 2, configurationVersion: "2", states: ["ROLLED_BACK"], rollback: { triggeredBy: "CLOUDWATCH_ALARM", description: "candidate p95" } });

    const done = await run(script, flagEnvironment({ DEPLOY_STEP: "flag-rollout", FLAG_DEPLOYMENT_NUMBER: "1" }));
    const rolledBack = await run(script, flagEnvironment({ DEPLOY_STEP: "flag-rollout", FLAG_DEPLOYMENT_NUMBER: "2" }));

    expect(done).toMatchObject({ code: 0, stdout: expect.stringMatching(/deployment 1 .* is COMPLETE/) });
    expect(rolledBack.code).toBe(1);
    expect(rolledBack.stderr).not.toMatch(/canary deploy failed/);
    expect(rolledBack.stderr).toMatch(/flag-rollout failed: FlagRolloutError: AppConfig deployment 2 \(configuration version 2\) .* is ROLLED_BACK \(CLOUDWATCH_ALARM: candidate p95\)/);
  });

  it("exits 2 on a step it does not know", async () => {
    const result = await run(script, flagEnvironment({ DEPLOY_STEP: "flag-everything" }));

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DEPLOY_STEP must be flag-preflight or flag-rollout, or unset for the canary; got "flag-everything"/);
  });
});
