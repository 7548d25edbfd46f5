/**
 * One trace from API Gateway through the control to the candidate: the deployable zips of both
 * functions, each in a process of its own as Lambda runs them with Active tracing, sending to a
 * stand-in X-Ray daemon. The control's Lambda client carries the trace header on its Invoke (a
 * local server speaking Lambda's wire protocol receives it), and the candidate is invoked with
 * that header as Lambda would continue the trace.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFunction, type FunctionArtifact } from "../../bundling/bundle-function";
import { FUNCTION_ENTRIES } from "../../bundling/functions";
import { startWarmZippedHandler, type WarmContainer } from "../../bundling/run-zipped-handler";
import { childProcessEnvironment } from "../support/aws-wire-server";
import { standardCreatorIds, testDatabaseUrl } from "../support/database";
import { FakeAppConfigData } from "../support/fake-appconfig-data";
import { PROJECT_ROOT } from "../support/project-copy";
import { apiEvent } from "../support/read-api";
import { documentWhere, startXrayDaemon, tracedLambdaEnvironment, withoutLambdaVariables, type XrayDaemon } from "../support/xray-daemon";

const TRACE_ROOT = "1-6740e2a0-fedcba9876543210fedcba98";
const API_GATEWAY_PARENT = "4a1b2c3d4e5f6071";
const quiet = { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" };

let outdir: string;
let control: FunctionArtifact;
let candidate: FunctionArtifact;
let daemon: XrayDaemon;
let aws: FakeAppConfigData;
const containers: WarmContainer[] = [];
const traceHeaders: string[] = [];

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "trace-across-"));
  control = bundleFunction({ name: "mock-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["mock-read"]), outdir });
  candidate = bundleFunction({ name: "prisma-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["prisma-read"]), outdir });
  daemon = await startXrayDaemon();
  aws = new FakeAppConfigData();
  // Lambda's Invoke: run the candidate's zip with the trace the call carried, and answer with its response.
  aws.server.onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", async (request) => {
    const header = String(request.headers["x-amzn-trace-id"] ?? "");
    traceHeaders.push(header);
    const container = startWarmZippedHandler(candidate.zipPath, request.json, {
      ...withoutLambdaVariables(process.env),
      ...quiet,
      DATABASE_URL: testDatabaseUrl(),
      ...tracedLambdaEnvironment("huntaze-prisma-read", header, daemon.port),
    });
    containers.push(container);
    return { body: await container.response };
  });
  await aws.server.start();
}, 60_000);

afterAll(async () => {
  for (const container of containers) container.stop();
  daemon.socket.close();
  await aws.server.stop();
  rmSync(outdir, { recursive: true, force: true });
});

it("carries one trace id from the control through its Invoke to the candidate, each annotated with what it did", async () => {
  aws.deployFlag({ enabled: true, mode: "all" });
  const [creator] = await standardCreatorIds();
  const container = startWarmZippedHandler(control.zipPath, apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "2" } }), {
    ...withoutLambdaVariables(process.env),
    ...quiet,
    ...childProcessEnvironment(aws.server),
    FLAG_APPLICATION_ID: "app1234",
    FLAG_ENVIRONMENT_ID: "env1234",
    FLAG_PROFILE_ID: "prof1234",
    CANDIDATE_FUNCTION_ARN: "arn:aws:lambda:eu-west-1:333333333333:function:huntaze-prisma-read:live",
    CANDIDATE_BUDGET_MS: "20000",
    // The largest flag timeout: a cold process's first call on a busy machine must not end in the safe default.
    FLAG_CALL_TIMEOUT_MS: "5000",
    ...tracedLambdaEnvironment("huntaze-mock-read", `Root=${TRACE_ROOT};Parent=${API_GATEWAY_PARENT};Sampled=1`, daemon.port),
  });
  containers.push(container);

  expect(await container.response).toMatchObject({ statusCode: 200, headers: { "x-read-path": "prisma" } });

  const controlSegment = await documentWhere(daemon.documents, (document) => document.annotations?.servedBy !== undefined);
  const candidateSegment = await documentWhere(daemon.documents, (document) => document.annotations?.Service === "huntaze-prisma-read");
  expect(controlSegment).toMatchObject({
    name: "## index.handler",
    trace_id: TRACE_ROOT,
    parent_id: API_GATEWAY_PARENT,
    annotations: { route: "candidate", servedBy: "prisma", statusCode: 200, Service: "huntaze-mock-read" },
  });
  // The Invoke went out with the same trace, as a subsegment of the control's, and the candidate's work joined it.
  expect(traceHeaders).toHaveLength(1);
  const sent = Object.fromEntries(traceHeaders[0].split(";").map((part) => part.split("=")));
  expect(sent).toMatchObject({ Root: TRACE_ROOT, Sampled: "1" });
  const invokeSubsegment = await documentWhere(daemon.documents, (document) => document.id === sent.Parent);
  expect(invokeSubsegment).toMatchObject({ trace_id: TRACE_ROOT, name: "Lambda" });
  expect(candidateSegment).toMatchObject({ trace_id: TRACE_ROOT, parent_id: sent.Parent, annotations: { route: "fans", statusCode: 200 } });
  // No body in any trace: fans' names and amounts stay out of X-Ray.
  expect(JSON.stringify(daemon.documents)).not.toMatch(/"items"|displayName|amount/);
}, 60_000);
