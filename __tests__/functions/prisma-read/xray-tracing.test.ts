/**
 * X-Ray, as the deployed artifact does it: prisma-read bundled and zipped as synth does, run in a
 * fresh Node process, sending to a local UDP socket that stands in for the X-Ray daemon (the SDK's
 * own wire format: a JSON header line, then one segment document per datagram).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundleFunction, type FunctionArtifact } from "../../../bundling/bundle-function";
import { FUNCTION_ENTRIES } from "../../../bundling/functions";
import { startWarmZippedHandler, unzipToFolder } from "../../../bundling/run-zipped-handler";
import { standardCreatorIds, testDatabaseUrl } from "../../support/database";
import { PROJECT_ROOT } from "../../support/project-copy";
import { apiEvent } from "../../support/read-api";
import { documentWhere, startXrayDaemon, withoutLambdaVariables } from "../../support/xray-daemon";

let outdir: string;
let artifact: FunctionArtifact;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "prisma-read-xray-"));
  artifact = bundleFunction({ name: "prisma-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["prisma-read"]), outdir });
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const quiet = { DATABASE_URL: testDatabaseUrl(), POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" };
const TRACE_ROOT = "1-6740e2a0-0123456789abcdef01234567";
const LAMBDA_PARENT_ID = "53995c3f42cd8ad8";

/** What the Lambda service sets for a traced invocation (Active tracing, a sampled request). */
function lambdaEnvironment(daemonPort: number): Record<string, string> {
  return {
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs20.x",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_FUNCTION_NAME: "huntaze-prisma-read-xray-test",
    LAMBDA_TASK_ROOT: tmpdir(),
    _HANDLER: "index.handler",
    _X_AMZN_TRACE_ID: `Root=${TRACE_ROOT};Parent=${LAMBDA_PARENT_ID};Sampled=1`,
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemonPort}`,
  };
}

it("records each traced invocation in a subsegment of the Lambda segment, annotated with its route and status", async () => {
  const daemon = await startXrayDaemon();
  const [creator] = await standardCreatorIds();
  const container = startWarmZippedHandler(artifact.zipPath, apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "2" } }), {
    ...withoutLambdaVariables(process.env),
    ...quiet,
    ...lambdaEnvironment(daemon.port),
  });
  let stderr = "";
  container.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  try {
    expect(await container.response).toMatchObject({ statusCode: 200 });

    const handlerSegment = await documentWhere(daemon.documents, (document) => document.annotations?.route !== undefined);

    expect(handlerSegment).toMatchObject({
      name: "## index.handler",
      trace_id: TRACE_ROOT,
      parent_id: LAMBDA_PARENT_ID,
      annotations: { route: "fans", statusCode: 200, ColdStart: true, Service: "huntaze-prisma-read" },
    });
    expect(daemon.headers).toEqual(daemon.documents.map(() => ({ format: "json", version: 1 })));
    // Nothing was written on the Lambda segment, which the X-Ray SDK refuses (and says so on stderr).
    expect(stderr).not.toMatch(/cannot annotate|cannot be called on an AWS Lambda segment/i);
  } finally {
    container.stop();
    daemon.socket.close();
  }
}, 30_000);

/** Loads the unzipped bundle in a fresh process and returns the names of the context namespaces it created. */
async function contextNamespacesAfterLoading(environment: Record<string, string>): Promise<string[]> {
  const folder = unzipToFolder(artifact.zipPath);
  try {
    const script = `
      await import(process.argv[1]);
      process.stdout.write(JSON.stringify(Object.keys(process.namespaces ?? {})));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script, join(folder, "index.mjs")], {
      cwd: folder,
      env: { ...withoutLambdaVariables(process.env), ...quiet, ...environment },
      encoding: "utf8",
    });
    return JSON.parse(stdout) as string[];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

it("tracks X-Ray context on every promise in Lambda, where segments are sent, and not outside it", async () => {
  // cls-hooked registers its namespace (and the async hook behind it) in process.namespaces.
  expect(await contextNamespacesAfterLoading(lambdaEnvironment(2000))).toContain("AWSXRay");
  expect(await contextNamespacesAfterLoading({})).not.toContain("AWSXRay");
}, 30_000);
