import { createHash } from "node:crypto";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CanaryDeployError, deployAliasByCanary, type CanaryDeployRequest } from "../../deploy/canary-deploy";
import { awsError, clientConfig } from "../support/aws-wire-server";
import { FakeCodeDeploy } from "../support/fake-codedeploy";

const REQUEST: CanaryDeployRequest = {
  applicationName: "huntaze-mock-read",
  deploymentGroupName: "huntaze-mock-read-live",
  functionName: "huntaze-mock-read",
  aliasName: "live",
  targetVersion: "8",
};
const FAST_WAIT = { maxWaitSeconds: 5, minPollSeconds: 0.02, maxPollSeconds: 0.05 };

describe("deployAliasByCanary, with the real SDK clients against CodeDeploy's and Lambda's wire protocols", () => {
  let aws: FakeCodeDeploy;
  let clients: { codeDeploy: CodeDeployClient; lambda: LambdaClient };
  const logged: string[] = [];
  const log = (line: string) => logged.push(line);

  beforeEach(async () => {
    aws = new FakeCodeDeploy();
    await aws.server.start();
    clients = {
      codeDeploy: new CodeDeployClient(clientConfig(aws.server)),
      lambda: new LambdaClient(clientConfig(aws.server)),
    };
    logged.length = 0;
  });
  afterEach(() => aws.server.stop());

  it("starts a deployment from the alias's current version to the new one and waits for success", async () => {
    aws.alias = { version: "7" };
    aws.deployment = { statuses: ["Created", "InProgress", "InProgress", "Succeeded"] };

    const outcome = await deployAliasByCanary(REQUEST, clients, FAST_WAIT, log);

    expect(outcome).toEqual({ kind: "succeeded", deploymentId: "d-TESTCANARY", fromVersion: "7", toVersion: "8" });
    const [create] = aws.server.calls("CreateDeployment");
    expect(create.json).toMatchObject({
      applicationName: "huntaze-mock-read",
      deploymentGroupName: "huntaze-mock-read-live",
      revision: { revisionType: "AppSpecContent" },
    });
    expect(aws.createdAppSpec()).toEqual({
      version: 0,
      Resources: [
        {
          "huntaze-mock-read": {
            Type: "AWS::Lambda::Function",
            Properties: { Name: "huntaze-mock-read", Alias: "live", CurrentVersion: "7", TargetVersion: "8" },
          },
        },
      ],
    });
    // CodeDeploy checks the content against this digest.
    const { content, sha256 } = create.json.revision.appSpecContent;
    expect(sha256).toBe(createHash("sha256").update(content).digest("hex"));
    expect(aws.server.calls("GetDeployment")).toHaveLength(4);
    // Requests are signed, as AWS requires.
    expect(create.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\//);
  });

  it("starts nothing when the alias already serves the version: the first deploy, or a re-run", async () => {
    aws.alias = { version: "8" };

    const outcome = await deployAliasByCanary(REQUEST, clients, FAST_WAIT, log);

    expect(outcome).toEqual({ kind: "unchanged", version: "8" });
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
    expect(logged.join("\n")).toMatch(/already serves version 8; nothing to deploy/);
  });

  it("fails with CodeDeploy's reason and the rollback when the canary's alarm stops the deployment", async () => {
    aws.alias = { version: "7" };
    aws.deployment = {
      statuses: ["InProgress", "Stopped"],
      errorInformation: { code: "ALARM_ACTIVE", message: "One or more alarms have been activated: huntaze-mock-read-error-rate" },
      rollbackInfo: { rollbackDeploymentId: "d-ROLLBACK1", rollbackMessage: "Automatic rollback on alarm" },
    };

    const failure = deployAliasByCanary(REQUEST, clients, FAST_WAIT, log);

    await expect(failure).rejects.toThrow(CanaryDeployError);
    await expect(failure).rejects.toThrow(
      "Deployment d-TESTCANARY stopped (ALARM_ACTIVE: One or more alarms have been activated: huntaze-mock-read-error-rate); " +
        "rolled back by deployment d-ROLLBACK1: Automatic rollback on alarm",
    );
  });

  it("fails on a failed deployment without a recorded rollback, and says to check the alias", async () => {
    aws.alias = { version: "7" };
    aws.deployment = { statuses: ["Failed"], errorInformation: { code: "HOOK_EXECUTION_FAILURE", message: "hook failed" } };

    await expect(deployAliasByCanary(REQUEST, clients, FAST_WAIT, log)).rejects.toThrow(
      /d-TESTCANARY failed \(HOOK_EXECUTION_FAILURE: hook failed\); no rollback recorded/,
    );
  });

  it("fails when the outcome takes longer than the wait, and says the deployment goes on", async () => {
    aws.alias = { version: "7" };
    aws.deployment = { statuses: ["InProgress"] };

    await expect(
      deployAliasByCanary(REQUEST, clients, { maxWaitSeconds: 0.3, minPollSeconds: 0.05, maxPollSeconds: 0.1 }, log),
    ).rejects.toThrow(/did not finish within 0.3 s \(status InProgress\); it goes on in CodeDeploy/);
  });

  it("refuses to start while the alias is split between two versions", async () => {
    aws.alias = { version: "7", additionalVersionWeights: { "8": 0.1 } };

    await expect(deployAliasByCanary(REQUEST, clients, FAST_WAIT, log)).rejects.toThrow(
      /huntaze-mock-read:live is split between version 7 and \{"8":0.1\}/,
    );
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
  });

  it("passes on CodeDeploy's refusal, such as a deployment already running in the group", async () => {
    aws.alias = { version: "7" };
    aws.createError = awsError(400, "DeploymentLimitExceededException", "The deployment group already has an active deployment");

    await expect(deployAliasByCanary(REQUEST, clients, FAST_WAIT, log)).rejects.toMatchObject({
      name: "DeploymentLimitExceededException",
      message: "The deployment group already has an active deployment",
    });
  });

  it("refuses $LATEST or any target that is not a published version, before calling AWS", async () => {
    for (const targetVersion of ["$LATEST", "", "0", "7.1", "8; rm -rf /"]) {
      await expect(deployAliasByCanary({ ...REQUEST, targetVersion }, clients, FAST_WAIT, log)).rejects.toThrow(
        /targetVersion must be a published version number/,
      );
    }
    expect(aws.server.requests).toHaveLength(0);
  });

  it("adds a BeforeAllowTraffic hook to the AppSpec when one is given", async () => {
    aws.alias = { version: "7" };

    await deployAliasByCanary({ ...REQUEST, beforeAllowTrafficHook: "huntaze-mock-read-pre-traffic" }, clients, FAST_WAIT, log);

    expect(aws.createdAppSpec().Hooks).toEqual([{ BeforeAllowTraffic: "huntaze-mock-read-pre-traffic" }]);
  });
});
