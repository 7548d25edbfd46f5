/**
 * The BeforeAllowTraffic hook, with the real CodeDeploy and Lambda clients against a local server
 * speaking both wire protocols; and the hook's zip, which also answers the GET /health its own
 * deploy step sends it before traffic.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { bundleFunction } from "../../../bundling/bundle-function";
import { FUNCTION_ENTRIES, functionFiles } from "../../../bundling/functions";
import { invokeZippedHandlerCold, runZippedHandlerCold } from "../../../bundling/run-zipped-handler";
import { HEALTH_CHECK_EVENT } from "../../../contracts/health-check";
import { deployAliasByCanary } from "../../../deploy/canary-deploy";
import { checkNewVersion } from "../../../functions/canary-health-hook/check-new-version";
import { AwsWireServer, awsError, childProcessEnvironment, clientConfig, type WireHandler } from "../../support/aws-wire-server";
import { FakeCodeDeploy } from "../../support/fake-codedeploy";
import { PROJECT_ROOT } from "../../support/project-copy";
import { HOOK_DEPLOY_REQUEST } from "../../support/hook-deploy-request";

const EVENT = { DeploymentId: "d-ABC123", LifecycleEventHookExecutionId: "hook-execution-1" };
let aws: AwsWireServer;
let newVersion: WireHandler;

beforeEach(async () => {
  newVersion = () => ({ body: { statusCode: 200, headers: {}, body: '{"status":"ok"}' } });
  aws = await new AwsWireServer()
    .onTarget("CodeDeploy_20141006.ListDeploymentTargets", () => ({ body: { targetIds: ["huntaze-prisma-read"] } }))
    .onTarget("CodeDeploy_20141006.GetDeploymentTarget", () => ({
      body: {
        deploymentTarget: {
          deploymentTargetType: "LambdaTarget",
          lambdaTarget: { lambdaFunctionInfo: { functionName: "huntaze-prisma-read", functionAlias: "live", currentVersion: "4", targetVersion: "5" } },
        },
      },
    }))
    .onTarget("CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus", () => ({ body: { lifecycleEventHookExecutionId: "hook-execution-1" } }))
    .onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", (request) => newVersion(request))
    .start();
});
afterEach(() => aws.stop());

const check = () => checkNewVersion(EVENT, { codeDeploy: new CodeDeployClient(clientConfig(aws)), lambda: new LambdaClient(clientConfig(aws)) });
const reported = () => aws.calls("PutLifecycleEventHookExecutionStatus").map((call) => call.json);

it("invokes the deployment's new version (not the alias) with GET /health, and reports Succeeded on 200", async () => {
  const verdict = await check();

  const [invoke] = aws.calls("Invoke");
  expect(invoke.params.name).toBe("huntaze-prisma-read");
  expect(invoke.query.get("Qualifier")).toBe("5");
  expect(invoke.json).toMatchObject({ path: "/health", httpMethod: "GET" });
  expect(verdict).toMatchObject({ status: "Succeeded", checked: "huntaze-prisma-read:5" });
  expect(reported()).toEqual([{ deploymentId: "d-ABC123", lifecycleEventHookExecutionId: "hook-execution-1", status: "Succeeded" }]);
});

it.each<[string, WireHandler, RegExp]>([
  ["answers 503", () => ({ body: { statusCode: 503, headers: {}, body: "{}" } }), /^GET \/health answered 503: \{"statusCode":503/],
  ["crashes", () => ({ headers: { "x-amz-function-error": "Unhandled" }, body: { errorMessage: "prisma-read is misconfigured" } }), /^it failed, Unhandled: .*misconfigured/],
  ["answers what is not JSON", () => ({ body: "not json" }), /^GET \/health answered not json$/],
  ["cannot be invoked", () => awsError(404, "ResourceNotFoundException", "no such version"), /could not run/],
])("reports Failed, so CodeDeploy rolls back, when the new version %s", async (_, answer, reason) => {
  newVersion = answer;

  const verdict = await check();

  expect(verdict).toMatchObject({ status: "Failed", reason: expect.stringMatching(reason) });
  expect(reported()).toEqual([expect.objectContaining({ status: "Failed" })]);
});

describe("the hook's zip", () => {
  // Bundled once, as synth bundles it, for every run below.
  let outdir: string;
  let zipPath: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "canary-health-hook-bundle-"));
    zipPath = bundleFunction({ name: "canary-health-hook", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["canary-health-hook"]), outdir, files: functionFiles("canary-health-hook", PROJECT_ROOT) }).zipPath;
  }, 60_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const environment = (more: Record<string, string> = {}) => ({ ...childProcessEnvironment(aws), POWERTOOLS_LOG_LEVEL: "SILENT", ...more });

  it("runs from its zip alone, checks the new version and reports to CodeDeploy", async () => {
    await invokeZippedHandlerCold(zipPath, EVENT, { environment: environment() });

    expect(aws.calls("Invoke")[0].query.get("Qualifier")).toBe("5");
    expect(reported()).toEqual([expect.objectContaining({ status: "Succeeded" })]);
  }, 60_000);

  it("answers GET /health with 200 once its init has run, calling no AWS API", async () => {
    const { response } = await invokeZippedHandlerCold(zipPath, HEALTH_CHECK_EVENT, { environment: environment() });

    expect(response).toEqual({ statusCode: 200, body: '{"status":"ok"}' });
    expect(aws.requests).toHaveLength(0);
  }, 60_000);

  describe("as its own deploy step checks it before traffic (healthCheckBeforeTraffic), with the real SDK clients", () => {
    const HOOK_DEPLOY = HOOK_DEPLOY_REQUEST;
    const FAST_WAIT = { maxWaitSeconds: 5, minPollSeconds: 0.02, maxPollSeconds: 0.05, alarmSettleSeconds: 5 };
    let codeDeploy: FakeCodeDeploy;
    beforeEach(async () => {
      codeDeploy = new FakeCodeDeploy();
      codeDeploy.functions.add("huntaze-canary-health-hook");
      codeDeploy.alias = { version: "3" };
      await codeDeploy.server.start();
    });
    afterEach(() => codeDeploy.server.stop());

    /** Lambda running the zip cold with `settings` for each invocation, answering as Lambda does. */
    function newVersionRuns(settings: Record<string, string>): void {
      codeDeploy.invoke = async (_functionName, _qualifier, payload) => {
        const run = await runZippedHandlerCold(zipPath, payload, { environment: environment(settings) });
        if (run.ok) return { payload: run.response };
        return { payload: { errorType: run.failure?.name ?? "Runtime.ExitError", errorMessage: run.failure?.message ?? "the function ended without an answer" }, functionError: "Unhandled" };
      };
    }
    const deploy = () => {
      const config = clientConfig(codeDeploy.server);
      return deployAliasByCanary(HOOK_DEPLOY, { codeDeploy: new CodeDeployClient(config), lambda: new LambdaClient(config), cloudWatch: new CloudWatchClient(config) }, FAST_WAIT, () => undefined);
    };

    it("deploys a version that starts", async () => {
      newVersionRuns({ CANARY_BAKE_SECONDS: "600" });

      await expect(deploy()).resolves.toMatchObject({ kind: "succeeded", toVersion: "4" });
      expect(codeDeploy.server.calls("Invoke").map((call) => call.json)).toEqual([HEALTH_CHECK_EVENT]);
    }, 60_000);

    it("refuses a version whose init fails, naming its error, and creates no deployment", async () => {
      newVersionRuns({ CANARY_BAKE_SECONDS: "ten minutes" });

      await expect(deploy()).rejects.toThrow(
        /^huntaze-canary-health-hook:4 failed its health check before traffic \(it failed, Unhandled: \{"errorType":"\w+","errorMessage":"canary-health-hook is misconfigured: CANARY_BAKE_SECONDS: /,
      );
      expect(codeDeploy.server.calls("CreateDeployment")).toHaveLength(0);
    }, 60_000);
  });
});
