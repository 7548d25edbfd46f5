/**
 * The AfterAllowTraffic bake, and the choice between it and the check before traffic, with the real
 * CodeDeploy, CloudWatch and Lambda clients against a local server speaking their wire protocols.
 * Time is a fake clock that only the bake's sleeps move: nothing waits on the wall clock.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { bakeNewVersion, type BakeSettings } from "../../../functions/canary-health-hook/bake-new-version";
import { runLifecycleHook } from "../../../functions/canary-health-hook/run-lifecycle-hook";
import { invokeZippedHandlerCold } from "../../../bundling/run-zipped-handler";
import { AwsWireServer, awsError, childProcessEnvironment, clientConfig, type WireResponse } from "../../support/aws-wire-server";
import { withBundledFunction } from "../../support/bundled-function";

const EVENT = { DeploymentId: "d-BAKE123", LifecycleEventHookExecutionId: "hook-execution-2" };
const ROLLBACK_ALARMS = ["huntaze-prisma-read-canary-error-rate", "huntaze-prisma-read-canary-p95-latency", "huntaze-prisma-read-canary-crashes"];
const BAKE_SECONDS = 60;
const POLL_SECONDS = 10;

type LifecycleStatus = "Pending" | "InProgress" | "Succeeded";

let aws: AwsWireServer;
/** What happened, in order: each AWS operation called, and each sleep of the bake (`sleep <ms>`). */
let timeline: string[];
/** The fake clock, in milliseconds since the bake started. */
let clock: number;
/** The group's alarms (what GetDeploymentGroup names). */
let groupAlarms: string[];
/** Each poll's answer to DescribeAlarms, by poll number (the last repeats). */
let alarmAnswers: Array<(names: string[]) => WireResponse>;
/** The target's lifecycle events, as GetDeploymentTarget reports them. */
let lifecycle: Record<"BeforeAllowTraffic" | "AllowTraffic" | "AfterAllowTraffic", LifecycleStatus>;

const states = (...byAlarm: Array<"OK" | "ALARM" | "INSUFFICIENT_DATA">) => (names: string[]): WireResponse => ({
  body: {
    MetricAlarms: names.map((name, index) => ({
      AlarmName: name,
      StateValue: byAlarm[index] ?? "OK",
      StateReason: byAlarm[index] === "ALARM" ? "Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (2.0)." : "OK",
    })),
  },
});

beforeEach(async () => {
  timeline = [];
  clock = 0;
  groupAlarms = ROLLBACK_ALARMS;
  alarmAnswers = [states()];
  lifecycle = { BeforeAllowTraffic: "Succeeded", AllowTraffic: "Succeeded", AfterAllowTraffic: "InProgress" };
  let polls = 0;
  const record = (operation: string, answer: () => WireResponse | Promise<WireResponse>) => () => {
    timeline.push(operation);
    return answer();
  };
  aws = await new AwsWireServer()
    .onTarget("CodeDeploy_20141006.ListDeploymentTargets", record("ListDeploymentTargets", () => ({ body: { targetIds: ["huntaze-prisma-read"] } })))
    .onTarget(
      "CodeDeploy_20141006.GetDeploymentTarget",
      record("GetDeploymentTarget", () => ({
        body: {
          deploymentTarget: {
            deploymentTargetType: "LambdaTarget",
            lambdaTarget: {
              lambdaFunctionInfo: { functionName: "huntaze-prisma-read", functionAlias: "live", currentVersion: "4", targetVersion: "5" },
              lifecycleEvents: Object.entries(lifecycle).map(([lifecycleEventName, status]) => ({ lifecycleEventName, status })),
            },
          },
        },
      })),
    )
    .onTarget(
      "CodeDeploy_20141006.GetDeployment",
      record("GetDeployment", () => ({ body: { deploymentInfo: { deploymentId: EVENT.DeploymentId, applicationName: "huntaze-prisma-read", deploymentGroupName: "huntaze-prisma-read-live" } } })),
    )
    .onTarget(
      "CodeDeploy_20141006.GetDeploymentGroup",
      record("GetDeploymentGroup", () => ({
        body: { deploymentGroupInfo: { deploymentGroupName: "huntaze-prisma-read-live", alarmConfiguration: { enabled: true, alarms: groupAlarms.map((name) => ({ name })) } } },
      })),
    )
    .onTarget("GraniteServiceVersion20100801.DescribeAlarms", (request) => {
      timeline.push("DescribeAlarms");
      const answer = alarmAnswers[Math.min(polls, alarmAnswers.length - 1)];
      polls += 1;
      return answer(request.json.AlarmNames ?? []);
    })
    .onTarget("CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus", (request) => {
      timeline.push(`PutLifecycleEventHookExecutionStatus ${request.json.status}`);
      return { body: { lifecycleEventHookExecutionId: request.json.lifecycleEventHookExecutionId } };
    })
    .onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", () => {
      timeline.push("Invoke");
      return { body: { statusCode: 200, headers: {}, body: '{"status":"ok"}' } };
    })
    .start();
});
afterEach(() => aws.stop());

const clients = () => ({
  codeDeploy: new CodeDeployClient(clientConfig(aws)),
  cloudWatch: new CloudWatchClient(clientConfig(aws)),
  lambda: new LambdaClient(clientConfig(aws)),
});
const settings = (): BakeSettings => ({
  bakeSeconds: BAKE_SECONDS,
  pollSeconds: POLL_SECONDS,
  now: () => clock,
  sleep: async (milliseconds) => {
    timeline.push(`sleep ${milliseconds}`);
    clock += milliseconds;
  },
});
const bake = () => bakeNewVersion(EVENT, clients(), settings());
const reported = () => aws.calls("PutLifecycleEventHookExecutionStatus").map((call) => call.json);
const polls = (count: number) => Array.from({ length: count }, (_, index) => (index === 0 ? ["DescribeAlarms"] : [`sleep ${POLL_SECONDS * 1000}`, "DescribeAlarms"])).flat();

describe("the bake (AfterAllowTraffic)", () => {
  it("succeeds once the new version has served for the whole bake with its group's alarms OK, and only then reports", async () => {
    const verdict = await bake();

    expect(verdict).toMatchObject({ status: "Succeeded", reason: expect.stringContaining(`${BAKE_SECONDS} s`) });
    // One look at the start and one per poll until the bake is over, then the verdict.
    expect(timeline).toEqual([
      "GetDeployment",
      "GetDeploymentGroup",
      ...polls(BAKE_SECONDS / POLL_SECONDS + 1),
      "PutLifecycleEventHookExecutionStatus Succeeded",
    ]);
    expect(clock).toBe(BAKE_SECONDS * 1000);
    expect(aws.calls("DescribeAlarms").map((call) => call.json.AlarmNames)).toEqual(Array(BAKE_SECONDS / POLL_SECONDS + 1).fill(ROLLBACK_ALARMS));
    expect(reported()).toEqual([{ deploymentId: EVENT.DeploymentId, lifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId, status: "Succeeded" }]);
  });

  it("takes an alarm with no data yet (INSUFFICIENT_DATA) as not firing", async () => {
    alarmAnswers = [states("INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA"), states()];

    expect(await bake()).toMatchObject({ status: "Succeeded" });
  });

  it("fails as soon as an alarm goes into ALARM mid-bake, naming it, so that CodeDeploy rolls back", async () => {
    alarmAnswers = [states(), states(), states("OK", "ALARM")];

    const verdict = await bake();

    expect(verdict).toMatchObject({ status: "Failed", reason: expect.stringMatching(/^huntaze-prisma-read-canary-p95-latency went into ALARM during the bake: Threshold Crossed/) });
    expect(timeline).toEqual(["GetDeployment", "GetDeploymentGroup", ...polls(3), "PutLifecycleEventHookExecutionStatus Failed"]);
    expect(clock).toBe(2 * POLL_SECONDS * 1000);
    expect(reported()).toEqual([expect.objectContaining({ status: "Failed" })]);
  });

  it("fails without looking at anything when the deployment group has no alarms: a bake that sees nothing proves nothing", async () => {
    groupAlarms = [];

    const verdict = await bake();

    expect(verdict).toMatchObject({ status: "Failed", reason: "the bake could not run: deployment group huntaze-prisma-read-live has no alarms to bake against" });
    expect(timeline).toEqual(["GetDeployment", "GetDeploymentGroup", "PutLifecycleEventHookExecutionStatus Failed"]);
  });

  it("fails when the alarms cannot be read", async () => {
    alarmAnswers = [() => awsError(403, "AccessDenied", "not authorized to perform: cloudwatch:DescribeAlarms")];

    const verdict = await bake();

    expect(verdict).toMatchObject({ status: "Failed", reason: expect.stringMatching(/^the bake could not run: .*cloudwatch:DescribeAlarms/) });
    expect(reported()).toEqual([expect.objectContaining({ status: "Failed" })]);
  });

  it("fails when CloudWatch does not know an alarm the group names, instead of baking against fewer alarms", async () => {
    alarmAnswers = [(names) => states()(names.filter((name) => name !== "huntaze-prisma-read-canary-crashes"))];

    const verdict = await bake();

    expect(verdict).toMatchObject({ status: "Failed", reason: expect.stringContaining("huntaze-prisma-read-canary-crashes") });
    expect(reported()).toEqual([expect.objectContaining({ status: "Failed" })]);
  });

  it("fails when the deployment cannot be read", async () => {
    aws.onTarget("CodeDeploy_20141006.GetDeployment", () => awsError(400, "DeploymentDoesNotExistException", "no deployment d-BAKE123"));

    const verdict = await bake();

    expect(verdict).toMatchObject({ status: "Failed", reason: expect.stringContaining("no deployment d-BAKE123") });
    expect(reported()).toEqual([expect.objectContaining({ status: "Failed" })]);
  });
});

describe("which hook runs", () => {
  const run = () => runLifecycleHook(EVENT, clients(), settings());

  it("bakes when the deployment's AfterAllowTraffic event is in progress, without invoking the new version", async () => {
    const { hook, verdict } = await run();

    expect(hook).toBe("AfterAllowTraffic");
    expect(verdict.status).toBe("Succeeded");
    expect(timeline).toContain("DescribeAlarms");
    expect(timeline).not.toContain("Invoke");
    expect(timeline.at(-1)).toBe("PutLifecycleEventHookExecutionStatus Succeeded");
  });

  it("checks the new version's health when BeforeAllowTraffic is in progress, without baking", async () => {
    lifecycle = { BeforeAllowTraffic: "InProgress", AllowTraffic: "Pending", AfterAllowTraffic: "Pending" };

    const { hook, verdict } = await run();

    expect(hook).toBe("BeforeAllowTraffic");
    expect(verdict).toMatchObject({ status: "Succeeded", checked: "huntaze-prisma-read:5" });
    expect(aws.calls("Invoke")).toHaveLength(1);
    expect(timeline).not.toContain("DescribeAlarms");
    expect(timeline.filter((entry) => entry.startsWith("sleep"))).toEqual([]);
  });

  it("falls back to the check, which reports Failed, when the deployment's target cannot be read", async () => {
    aws.onTarget("CodeDeploy_20141006.ListDeploymentTargets", () => awsError(400, "DeploymentDoesNotExistException", "no deployment d-BAKE123"));

    const { hook, verdict } = await run();

    expect(hook).toBe("BeforeAllowTraffic");
    expect(verdict).toMatchObject({ status: "Failed", reason: expect.stringContaining("the check could not run") });
    expect(reported()).toEqual([expect.objectContaining({ status: "Failed" })]);
  });
});

describe("the hook's zip", () => {
  it("bakes from its zip alone when AfterAllowTraffic runs, for the bake time it is given", async () => {
    // A bake of 0 s looks at the alarms once: the real clock never has to wait.
    await withBundledFunction("canary-health-hook", (artifact) =>
      invokeZippedHandlerCold(artifact.zipPath, EVENT, {
        environment: { ...childProcessEnvironment(aws), POWERTOOLS_LOG_LEVEL: "SILENT", CANARY_BAKE_SECONDS: "0" },
      }),
    );

    expect(timeline.filter((entry) => !entry.startsWith("GetDeploymentTarget") && entry !== "ListDeploymentTargets")).toEqual([
      "GetDeployment",
      "GetDeploymentGroup",
      "DescribeAlarms",
      "PutLifecycleEventHookExecutionStatus Succeeded",
    ]);
  }, 60_000);
});
