import { AppConfigClient, StartDeploymentCommand } from "@aws-sdk/client-appconfig";
import { DEPLOY_STEP_VARIABLE, FLAG_DEPLOYMENT_NUMBER_VARIABLE, FLAG_MAX_WAIT_VARIABLE, FLAG_POLL_VARIABLE, FLAG_STEPS, FLAG_VARIABLES } from "../../contracts/flag-rollout-inputs";
import { FlagRolloutError } from "../../deploy/flag-rollout";
import { FlagStepUsageError, runFlagStep } from "../../deploy/flag-rollout-command";
import { clientConfig } from "../support/aws-wire-server";
import { FakeAppConfig } from "../support/fake-appconfig";

const FLAG = { [FLAG_VARIABLES.applicationId]: "app1234", [FLAG_VARIABLES.environmentId]: "env5678" };
const rollout = (deploymentNumber: number, more: Record<string, string> = {}) => ({
  ...FLAG,
  [FLAG_DEPLOYMENT_NUMBER_VARIABLE]: String(deploymentNumber),
  [FLAG_POLL_VARIABLE]: "30",
  [FLAG_MAX_WAIT_VARIABLE]: "1500",
  ...more,
});

let aws: FakeAppConfig;
let appConfig: AppConfigClient;
const logged: string[] = [];
/** A clock the waits move: no real waiting. */
let now: number;
const clock = { now: () => now, sleep: async (milliseconds: number) => void (now += milliseconds) };

beforeEach(async () => {
  aws = new FakeAppConfig();
  await aws.server.start();
  appConfig = new AppConfigClient(clientConfig(aws.server));
  logged.length = 0;
  now = 0;
});
afterEach(() => aws.server.stop());

describe("the flag's rollout step, with the real AppConfig client against AppConfig's wire protocol", () => {
  it("waits until the deployment is COMPLETE, saying how far it got", async () => {
    aws.deployments.push({ deploymentNumber: 3, configurationVersion: "7", states: ["DEPLOYING", "DEPLOYING", "BAKING", "COMPLETE"], percentages: [10, 50, 100, 100] });

    await runFlagStep(FLAG_STEPS.rollout, rollout(3), appConfig, (line) => logged.push(line), clock);

    expect(aws.server.calls("GetDeployment").map((call) => call.path)).toEqual(Array(4).fill("/applications/app1234/environments/env5678/deployments/3"));
    expect(logged).toEqual([
      "AppConfig deployment 3: DEPLOYING, 10 %",
      "AppConfig deployment 3: DEPLOYING, 50 %",
      "AppConfig deployment 3: BAKING, 100 %",
      "AppConfig deployment 3 in application app1234, environment env5678 is COMPLETE: every caller has configuration version 7",
    ]);
    expect(now).toBe(3 * 30_000);
  });

  it("fails naming the deployment, its state and the alarm when AppConfig rolls it back", async () => {
    aws.deployments.push({
      deploymentNumber: 4,
      configurationVersion: "8",
      states: ["DEPLOYING", "ROLLED_BACK"],
      rollback: { triggeredBy: "CLOUDWATCH_ALARM", description: "huntaze-prisma-read-error-rate in ALARM" },
    });

    const step = runFlagStep(FLAG_STEPS.rollout, rollout(4), appConfig, (line) => logged.push(line), clock);

    await expect(step).rejects.toThrow(FlagRolloutError);
    await expect(step).rejects.toThrow(
      "AppConfig deployment 4 (configuration version 8) in application app1234, environment env5678 is ROLLED_BACK (CLOUDWATCH_ALARM: huntaze-prisma-read-error-rate in ALARM): " +
        "callers keep the previous value, and this apply fails",
    );
  });

  it("fails as soon as the rollback starts, without waiting for it to end", async () => {
    aws.deployments.push({ deploymentNumber: 5, configurationVersion: "9", states: ["ROLLING_BACK", "ROLLED_BACK"], rollback: { triggeredBy: "USER", description: "stopped by hand" } });

    await expect(runFlagStep(FLAG_STEPS.rollout, rollout(5), appConfig, () => {}, clock)).rejects.toThrow(/deployment 5 .* is ROLLING_BACK \(USER: stopped by hand\)/);
    expect(aws.server.calls("GetDeployment")).toHaveLength(1);
  });

  it("gives up after the wait, saying the rollout goes on in AppConfig", async () => {
    aws.deployments.push({ deploymentNumber: 6, configurationVersion: "10", states: ["DEPLOYING"], percentages: [20] });

    await expect(runFlagStep(FLAG_STEPS.rollout, rollout(6, { [FLAG_MAX_WAIT_VARIABLE]: "90" }), appConfig, () => {}, clock)).rejects.toThrow(
      "AppConfig deployment 6 in application app1234, environment env5678 did not finish within 90 s (DEPLOYING, 20 %); it goes on in AppConfig",
    );
    expect(aws.server.calls("GetDeployment")).toHaveLength(4); // at 0, 30, 60 and 90 s
  });

  it("refuses missing or malformed input, naming the variable, before calling AppConfig", async () => {
    await expect(runFlagStep(FLAG_STEPS.rollout, FLAG, appConfig, () => {}, clock)).rejects.toThrow(new FlagStepUsageError("flag-rollout: set FLAG_DEPLOYMENT_NUMBER"));
    await expect(runFlagStep(FLAG_STEPS.preflight, {}, appConfig, () => {}, clock)).rejects.toThrow("flag-preflight: set FLAG_APPLICATION_ID, FLAG_ENVIRONMENT_ID");
    await expect(runFlagStep(FLAG_STEPS.rollout, rollout(1, { [FLAG_POLL_VARIABLE]: "soon" }), appConfig, () => {}, clock)).rejects.toThrow(
      'flag step: FLAG_POLL_SECONDS must be a whole number above 0, got "soon"',
    );
    expect(aws.server.requests).toHaveLength(0);
  });
});

describe("the flag's preflight step, before a new value changes anything", () => {
  it("lets the apply go on when no deployment is running", async () => {
    aws.deployments.push({ deploymentNumber: 1, configurationVersion: "1", states: ["COMPLETE"] }, { deploymentNumber: 2, configurationVersion: "2", states: ["ROLLED_BACK"] });

    await runFlagStep(FLAG_STEPS.preflight, FLAG, appConfig, (line) => logged.push(line), clock);

    expect(logged).toEqual(["No flag rollout is running in application app1234, environment env5678; the new value can start"]);
  });

  it("stops the apply while a rollout runs, naming it, where AppConfig would refuse the new deployment with ConflictException", async () => {
    aws.deployments.push({ deploymentNumber: 1, configurationVersion: "1", states: ["COMPLETE"] }, { deploymentNumber: 2, configurationVersion: "2", states: ["DEPLOYING"], percentages: [40], startedAt: 1_764_633_000 });

    const preflight = runFlagStep(FLAG_STEPS.preflight, FLAG, appConfig, () => {}, clock);

    await expect(preflight).rejects.toThrow(FlagRolloutError);
    await expect(preflight).rejects.toThrow(
      "AppConfig deployment 2 (configuration version 2) is DEPLOYING in application app1234, environment env5678, 40 % rolled out since 2025-12-01T23:50:00.000Z. " +
        "AppConfig runs one deployment at a time (a new one is refused with ConflictException), so this apply changed nothing. Apply again once it has ended, or stop it first " +
        "(aws appconfig stop-deployment --application-id app1234 --environment-id env5678 --deployment-number 2)",
    );
    // The state the preflight refuses is the one in which StartDeployment, as Terraform would call it, conflicts.
    await expect(
      appConfig.send(new StartDeploymentCommand({ ApplicationId: "app1234", EnvironmentId: "env5678", ConfigurationProfileId: "prof", ConfigurationVersion: "3", DeploymentStrategyId: "strat" })),
    ).rejects.toMatchObject({ name: "ConflictException" });
    expect(aws.server.calls("StartDeployment")).toHaveLength(1);
  });
});

it("names the deploy step variable the command dispatches on", () => {
  expect([DEPLOY_STEP_VARIABLE, ...Object.values(FLAG_STEPS)]).toEqual(["DEPLOY_STEP", "flag-preflight", "flag-rollout"]);
});
