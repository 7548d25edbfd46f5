import { createHash } from "node:crypto";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CanaryDeployError, deployAliasByCanary, type CanaryDeployRequest } from "../../deploy/canary-deploy";
import { awsError, clientConfig } from "../support/aws-wire-server";
import { HEALTH_CHECK_EVENT, HEALTHY_ANSWER } from "../../contracts/health-check";
import { FakeCodeDeploy, type InvocationResult } from "../support/fake-codedeploy";
import { HOOK_DEPLOY_REQUEST } from "../support/hook-deploy-request";

const REQUEST: CanaryDeployRequest = {
  applicationName: "huntaze-mock-read",
  deploymentGroupName: "huntaze-mock-read-live",
  functionName: "huntaze-mock-read",
  aliasName: "live",
  targetVersion: "8",
};
const FAST_WAIT = { maxWaitSeconds: 5, minPollSeconds: 0.02, maxPollSeconds: 0.05, alarmSettleSeconds: 5 };

// Every test: CodeDeploy, Lambda and CloudWatch on one local wire server, and the real SDK clients.
let aws: FakeCodeDeploy;
let clients: { codeDeploy: CodeDeployClient; lambda: LambdaClient; cloudWatch: CloudWatchClient };
const logged: string[] = [];
const log = (line: string) => logged.push(line);

beforeEach(async () => {
  aws = new FakeCodeDeploy();
  await aws.server.start();
  clients = {
    codeDeploy: new CodeDeployClient(clientConfig(aws.server)),
    lambda: new LambdaClient(clientConfig(aws.server)),
    cloudWatch: new CloudWatchClient(clientConfig(aws.server)),
  };
  logged.length = 0;
});
afterEach(() => aws.server.stop());

describe("deployAliasByCanary, with the real SDK clients against CodeDeploy's and Lambda's wire protocols", () => {

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
      deployAliasByCanary(REQUEST, clients, { ...FAST_WAIT, maxWaitSeconds: 0.3, minPollSeconds: 0.05, maxPollSeconds: 0.1 }, log),
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

  it("adds the bake hook as AfterAllowTraffic, after the BeforeAllowTraffic check", async () => {
    aws.alias = { version: "7" };

    await deployAliasByCanary({ ...REQUEST, beforeAllowTrafficHook: "hook:live", afterAllowTrafficHook: "hook:live" }, clients, FAST_WAIT, log);

    expect(aws.createdAppSpec().Hooks).toEqual([{ BeforeAllowTraffic: "hook:live" }, { AfterAllowTraffic: "hook:live" }]);
  });
});

describe("after a rollback, with the real SDK clients against CodeDeploy's, Lambda's and CloudWatch's wire protocols", () => {
  const ROLLED_BACK = {
    statuses: ["InProgress", "Stopped"],
    errorInformation: { code: "ALARM_ACTIVE", message: "One or more alarms have been activated: huntaze-mock-read-canary-error-rate" },
    rollbackInfo: { rollbackDeploymentId: "d-ROLLBACK1", rollbackMessage: "Automatic rollback on alarm" },
  };

  beforeEach(async () => {
    // The canary rolls version 8 back; the alias stays on 7, and the apply fails (its deploy step stays tainted).
    aws.alias = { version: "7" };
    aws.deployment = ROLLED_BACK;
    await expect(deployAliasByCanary(REQUEST, clients, FAST_WAIT, log)).rejects.toThrow(/stopped \(ALARM_ACTIVE/);
    logged.length = 0;
  });

  it("refuses to canary the rolled-back version again on the next apply, naming it and how to retry on purpose", async () => {
    aws.deployment = { statuses: ["Succeeded"] };

    const next = deployAliasByCanary(REQUEST, clients, FAST_WAIT, log);

    await expect(next).rejects.toThrow(CanaryDeployError);
    await expect(next).rejects.toThrow(
      "version 8 of huntaze-mock-read was rolled back by its canary (deployment d-TESTCANARY: ALARM_ACTIVE: One or more alarms have been activated: " +
        "huntaze-mock-read-canary-error-rate); not deploying it again. Merge a fix or a revert (it publishes a new version), " +
        "or set CANARY_REDEPLOY_ROLLED_BACK=huntaze-mock-read:8 for this apply to canary it again on purpose",
    );
    expect(aws.server.calls("CreateDeployment")).toHaveLength(1);
  });

  it("canaries it again when told to on purpose, and says so", async () => {
    aws.deployment = { statuses: ["Succeeded"] };

    const outcome = await deployAliasByCanary({ ...REQUEST, redeployRolledBack: true }, clients, FAST_WAIT, log);

    expect(outcome).toMatchObject({ kind: "succeeded", toVersion: "8" });
    expect(logged).toContain("Deploying version 8 again on purpose, although deployment d-TESTCANARY rolled it back");
  });

  it("deploys the fixed version while the canary alarm still shows the broken version's ALARM, once it re-evaluates", async () => {
    // The apply has pointed the canary alarm at version 9; its state is the old one until its next evaluation.
    aws.alarmStates = { "huntaze-mock-read-canary-error-rate": ["ALARM", "ALARM", "OK"], "huntaze-mock-read-canary-crashes": ["OK"] };
    aws.deployment = { statuses: ["Succeeded"] };

    const outcome = await deployAliasByCanary({ ...REQUEST, targetVersion: "9" }, clients, FAST_WAIT, log);

    expect(outcome).toMatchObject({ kind: "succeeded", fromVersion: "7", toVersion: "9" });
    expect(logged[0]).toMatch(/Waiting up to 5 s for huntaze-mock-read-canary-error-rate to leave ALARM/);
    // The deployment starts only after the alarm has left ALARM.
    const operations = aws.server.requests.map((request) => request.operation);
    const secondCreate = operations.lastIndexOf("CreateDeployment");
    expect(operations.filter((operation) => operation === "CreateDeployment")).toHaveLength(2);
    expect(operations.lastIndexOf("DescribeAlarms")).toBeLessThan(secondCreate);
    expect(aws.server.calls("DescribeAlarms")).toHaveLength(3);
  });

  it("stops before any traffic moves when a rollback alarm stays in ALARM, naming it and its reason", async () => {
    aws.alarmStates = { "huntaze-mock-read-canary-error-rate": ["ALARM"] };
    let now = 0;
    const clock = { now: () => now, sleep: async (milliseconds: number) => void (now += milliseconds) };

    await expect(deployAliasByCanary({ ...REQUEST, targetVersion: "9" }, clients, { ...FAST_WAIT, alarmSettleSeconds: 60, minPollSeconds: 10, ...clock }, log)).rejects.toThrow(
      "huntaze-mock-read-canary-error-rate (Threshold Crossed: test says ALARM): still in ALARM after 60 s, and CodeDeploy would stop the deployment at once",
    );
    expect(aws.server.calls("CreateDeployment")).toHaveLength(1); // the first apply's, none since
    expect(aws.server.calls("DescribeAlarms")).toHaveLength(7); // at 0, 10, …, 60 s
  });
});

describe("the health check before traffic (healthCheckBeforeTraffic), with the real SDK clients against Lambda's and CodeDeploy's wire protocols", () => {
  const HOOK = HOOK_DEPLOY_REQUEST;
  const MIGRATOR = "arn:aws:lambda:eu-west-1:111111111111:function:huntaze-db-migrator:1";
  /** Every invocation, as `<function>:<qualifier>` and the payload it carried. */
  let invoked: Array<{ target: string; payload: unknown }>;

  beforeEach(() => {
    aws.functions.add("huntaze-canary-health-hook");
    aws.alias = { version: "3" };
    invoked = [];
  });

  /** The new version answers `answer` to whatever it is sent; the migrator applies nothing. */
  function newVersionAnswers(answer: InvocationResult): void {
    aws.invoke = async (functionName, qualifier, payload) => {
      invoked.push({ target: `${functionName}:${qualifier ?? "$LATEST"}`, payload });
      return functionName === MIGRATOR ? { payload: { applied: [] } } : answer;
    };
  }

  it("invokes the new version (not the alias) with GET /health after the migrator and before CreateDeployment, then deploys it", async () => {
    newVersionAnswers({ payload: HEALTHY_ANSWER });

    const outcome = await deployAliasByCanary({ ...HOOK, migrationFunction: MIGRATOR }, clients, FAST_WAIT, log);

    expect(outcome).toMatchObject({ kind: "succeeded", fromVersion: "3", toVersion: "4" });
    expect(invoked).toEqual([
      { target: `${MIGRATOR}:$LATEST`, payload: {} },
      { target: "huntaze-canary-health-hook:4", payload: HEALTH_CHECK_EVENT },
    ]);
    const operations = aws.server.requests.map((request) => request.operation);
    expect(operations.filter((operation) => operation === "Invoke" || operation === "CreateDeployment")).toEqual(["Invoke", "Invoke", "CreateDeployment"]);
    expect(logged).toContain("huntaze-canary-health-hook:4 answered GET /health with 200");
  });

  it.each<[string, () => void, string]>([
    ["answers 500", () => newVersionAnswers({ payload: { statusCode: 500, body: '{"error":"internal"}' } }), 'GET /health answered 500: {"statusCode":500,"body":"{\\"error\\":\\"internal\\"}"}'],
    [
      "throws at init (Lambda's FunctionError)",
      () => newVersionAnswers({ payload: { errorType: "InvalidSettingsError", errorMessage: "canary-health-hook is misconfigured: CANARY_BAKE_SECONDS: must be between 0 and 840" }, functionError: "Unhandled" }),
      'it failed, Unhandled: {"errorType":"InvalidSettingsError","errorMessage":"canary-health-hook is misconfigured: CANARY_BAKE_SECONDS: must be between 0 and 840"}',
    ],
    ["answers what is not an API Gateway answer", () => newVersionAnswers({ payload: null }), "GET /health answered null"],
  ])("refuses to deploy a new version that %s, naming the function, the version and the answer, and creates no deployment", async (_, arrange, answered) => {
    arrange();

    const deploy = deployAliasByCanary(HOOK, clients, FAST_WAIT, log);

    await expect(deploy).rejects.toThrow(CanaryDeployError);
    await expect(deploy).rejects.toThrow(
      `huntaze-canary-health-hook:4 failed its health check before traffic (${answered}); no deployment was created and the alias stays where it was`,
    );
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
  });

  it("says a refused invocation is no verdict on the version, naming the permission the deploy role needs, and creates no deployment", async () => {
    aws.invoke = undefined;

    await expect(deployAliasByCanary(HOOK, clients, FAST_WAIT, log)).rejects.toThrow(
      "could not check huntaze-canary-health-hook:4 with GET /health before traffic: Lambda refused the invocation " +
        "(ResourceNotFoundException: Function not found: huntaze-canary-health-hook). The version itself was not judged; " +
        "the deploy role must be allowed lambda:InvokeFunction on huntaze-canary-health-hook:* (docs/deployment.md); " +
        "no deployment was created and the alias stays where it was",
    );
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
  });

  it("checks the version before waiting for the alarms: one that cannot start fails at once, not after the alarms' wait", async () => {
    aws.alarmStates = { "huntaze-canary-health-hook-crashes": ["ALARM"] };
    newVersionAnswers({ payload: { errorType: "InvalidSettingsError", errorMessage: "bad" }, functionError: "Unhandled" });
    let now = 0;
    const slept: number[] = [];
    const clock = { now: () => now, sleep: async (milliseconds: number) => void slept.push((now += milliseconds)) };

    await expect(deployAliasByCanary(HOOK, clients, { ...FAST_WAIT, alarmSettleSeconds: 600, minPollSeconds: 60, ...clock }, log)).rejects.toThrow(
      "huntaze-canary-health-hook:4 failed its health check before traffic",
    );
    expect(aws.server.calls("DescribeAlarms")).toHaveLength(0);
    expect(slept).toEqual([]);
  });

  it("waits for the alarms after a healthy check, and only then creates the deployment", async () => {
    aws.alarmStates = { "huntaze-canary-health-hook-crashes": ["ALARM", "OK"] };
    newVersionAnswers({ payload: HEALTHY_ANSWER });

    await deployAliasByCanary(HOOK, clients, FAST_WAIT, log);

    const operations = aws.server.requests
      .map((request) => request.operation)
      .filter((operation) => ["Invoke", "DescribeAlarms", "CreateDeployment"].includes(operation));
    expect(operations).toEqual(["Invoke", "DescribeAlarms", "DescribeAlarms", "CreateDeployment"]);
  });

  it("invokes nothing without the setting", async () => {
    newVersionAnswers({ payload: HEALTHY_ANSWER });

    await deployAliasByCanary({ ...HOOK, healthCheckBeforeTraffic: undefined }, clients, FAST_WAIT, log);

    expect(aws.server.calls("Invoke")).toHaveLength(0);
    expect(aws.server.calls("CreateDeployment")).toHaveLength(1);
  });

  it("checks a version its alias serves already (the first apply), creating no deployment, and fails the apply when it cannot start", async () => {
    aws.alias = { version: "4" };
    newVersionAnswers({ payload: HEALTHY_ANSWER });
    await expect(deployAliasByCanary(HOOK, clients, FAST_WAIT, log)).resolves.toEqual({ kind: "unchanged", version: "4" });

    newVersionAnswers({ payload: { errorType: "InvalidSettingsError", errorMessage: "bad" }, functionError: "Unhandled" });
    await expect(deployAliasByCanary(HOOK, clients, FAST_WAIT, log)).rejects.toThrow(
      'huntaze-canary-health-hook:4 failed its health check before traffic (it failed, Unhandled: {"errorType":"InvalidSettingsError","errorMessage":"bad"}); ' +
        "its alias serves it already (the first apply creates the alias at the new version): fix it and apply again",
    );

    expect(aws.server.calls("Invoke")).toHaveLength(2);
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
  });
});
