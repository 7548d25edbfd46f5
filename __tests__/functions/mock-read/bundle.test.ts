/**
 * The deployed control itself: mock-read bundled and zipped as synth does, run in a fresh Node
 * process with nothing but its zip, its AWS SDK clients talking to a local server that speaks
 * AppConfig Data's and Lambda's wire protocols.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFunction, type FunctionArtifact } from "../../../bundling/bundle-function";
import { FUNCTION_ENTRIES } from "../../../bundling/functions";
import { invokeZippedHandlerCold } from "../../../bundling/run-zipped-handler";
import { CANDIDATE_METRICS, REQUEST_METRICS, SERVICE_DIMENSION, VERSION_DIMENSION } from "../../../contracts/read-path-metrics";
import { READ_PATH_HEADER } from "../../../functions/mock-read/control";
import { awsError, childProcessEnvironment, type WireResponse } from "../../support/aws-wire-server";
import { FakeAppConfigData } from "../../support/fake-appconfig-data";
import { FakeExtensionsApi } from "../../support/fake-extensions-api";
import { PROJECT_ROOT } from "../../support/project-copy";
import { apiEvent } from "../../support/read-api";

const CREATOR = "0192f0e4-1f2a-7c3b-8d4e-5f6a7b8c9d0e";
let outdir: string;
let artifact: FunctionArtifact;
let aws: FakeAppConfigData;
let candidateAnswer: WireResponse;
const CANDIDATE_OK: WireResponse = { body: { statusCode: 200, headers: { "content-type": "application/json" }, body: '{"from":"candidate"}' } };

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "mock-read-bundle-"));
  artifact = bundleFunction({ name: "mock-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["mock-read"]), outdir });
  aws = new FakeAppConfigData();
  // One local endpoint for both services the control calls.
  aws.server.onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", () => candidateAnswer);
  await aws.server.start();
}, 60_000);
afterAll(async () => {
  await aws.server.stop();
  rmSync(outdir, { recursive: true, force: true });
});

const environment = () => ({
  ...childProcessEnvironment(aws.server),
  FLAG_APPLICATION_ID: "app1234",
  FLAG_ENVIRONMENT_ID: "env1234",
  FLAG_PROFILE_ID: "prof1234",
  CANDIDATE_FUNCTION_ARN: "arn:aws:lambda:eu-west-1:123456789012:function:huntaze-prisma-read:live",
  // The largest flag timeout and a budget far above what the local server needs: a cold process's
  // first calls on a busy machine must not end in the safe default or a timeout by accident.
  FLAG_CALL_TIMEOUT_MS: "5000",
  CANDIDATE_BUDGET_MS: "20000",
  POWERTOOLS_LOG_LEVEL: "SILENT",
  POWERTOOLS_METRICS_DISABLED: "true",
});

beforeEach(() => {
  aws.outage = undefined;
  candidateAnswer = CANDIDATE_OK;
});

it("reads the flag and hands the read to the candidate from its zip alone", async () => {
  aws.deployFlag({ enabled: true, mode: "all" });

  const { response } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${CREATOR}/fans`, { caller: CREATOR }), { environment: environment() });

  expect(response).toMatchObject({ statusCode: 200, body: '{"from":"candidate"}', headers: { [READ_PATH_HEADER]: "prisma" } });
  expect(aws.server.calls("Invoke")).toHaveLength(1);
});

it("serves its own data from its zip alone while the flag is off", async () => {
  aws.deployFlag({ enabled: false });

  const { response } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${CREATOR}`, { caller: CREATOR }), { environment: environment() });

  expect(response).toMatchObject({ statusCode: 200, headers: { [READ_PATH_HEADER]: "mock" } });
  expect(JSON.parse((response as { body: string }).body)).toMatchObject({ id: CREATOR });
});

it("registers its after-response extension during init, from its zip alone, and serves the caller itself in shadow mode", async () => {
  aws.deployFlag({ enabled: true, mode: "shadow", percentage: 100 });
  const extensions = await new FakeExtensionsApi().start();
  try {
    const { response } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${CREATOR}`, { caller: CREATOR }), {
      environment: { ...environment(), AWS_LAMBDA_RUNTIME_API: extensions.runtimeApi },
    });

    expect(response).toMatchObject({ statusCode: 200, headers: { [READ_PATH_HEADER]: "mock" } });
    // Registered while the module loaded (its top-level await), then the first next, which ends the extension's init.
    expect(extensions.log.slice(0, 2)).toEqual(['register huntaze-after-response ["INVOKE"]', "next"]);
  } finally {
    await extensions.stop();
  }
});

it("fails its cold start naming a half-configured flag", async () => {
  await expect(invokeZippedHandlerCold(artifact.zipPath, apiEvent("/health"), { environment: { FLAG_APPLICATION_ID: "app1234" } })).rejects.toThrow(
    /mock-read is misconfigured: .*FLAG_ENVIRONMENT_ID: is required with FLAG_APPLICATION_ID/,
  );
});

interface EmfDocument {
  /** The dimension sets, each as CloudWatch extracts it: a metric is published once per set. */
  readonly dimensionSets: string[][];
  readonly dimensions: Record<string, string>;
  readonly metrics: string[];
  /** Metrics stored at high resolution (StorageResolution 1), which 10 s alarm periods need. */
  readonly highResolution: string[];
  readonly values: Record<string, unknown>;
}

/** The EMF documents the function printed, as CloudWatch would extract them. */
function emfDocuments(logs: string): EmfDocument[] {
  return logs
    .split("\n")
    .filter((line) => line.includes('"CloudWatchMetrics"'))
    .map((line) => JSON.parse(line))
    .map((document) => {
      const [directive] = document._aws.CloudWatchMetrics;
      const sets: string[][] = directive.Dimensions;
      const definitions: Array<{ Name: string; StorageResolution?: number }> = directive.Metrics;
      return {
        dimensionSets: sets,
        dimensions: Object.fromEntries([...new Set(sets.flat())].filter((name) => name !== SERVICE_DIMENSION).map((name) => [name, document[name]])),
        metrics: definitions.map((metric) => metric.Name).sort(),
        highResolution: definitions.filter((metric) => metric.StorageResolution === 1).map((metric) => metric.Name).sort(),
        values: Object.fromEntries(definitions.map((metric) => [metric.Name, document[metric.Name]])),
      };
    });
}

/** The document that carries a request's metrics (REQUEST_METRICS). */
function requestDocument(logs: string): EmfDocument {
  const found = emfDocuments(logs).filter((document) => document.metrics.includes(REQUEST_METRICS.requests));
  expect(found).toHaveLength(1);
  return found[0];
}

it("publishes each request's outcome and the candidate's fallback in the dimension sets the alarms read, at high resolution", async () => {
  aws.deployFlag({ enabled: true, mode: "all" });
  candidateAnswer = { body: { statusCode: 503, headers: {}, body: "{}" } };

  const { response, logs } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${CREATOR}/fans`, { caller: CREATOR }), {
    environment: { ...environment(), POWERTOOLS_METRICS_DISABLED: "false", AWS_LAMBDA_FUNCTION_VERSION: "7" },
  });
  const request = requestDocument(logs);
  const alarmed = [
    REQUEST_METRICS.requests,
    REQUEST_METRICS.serverErrors,
    REQUEST_METRICS.latency,
    CANDIDATE_METRICS.candidateReads,
    CANDIDATE_METRICS.candidateFallbacks,
  ].sort();

  expect(response).toMatchObject({ statusCode: 200, headers: { [READ_PATH_HEADER]: "prisma-fallback" } });
  // [service]: the flag's monitors; [service, version]: the canary alarms; the rest for dashboards.
  expect(request.dimensionSets).toEqual([
    [SERVICE_DIMENSION],
    [SERVICE_DIMENSION, VERSION_DIMENSION],
    [SERVICE_DIMENSION, "route", "statusClass"],
    [SERVICE_DIMENSION, "servedBy"],
  ]);
  expect(request.dimensions).toEqual({ version: "7", route: "fans", statusClass: "2xx", servedBy: "prisma-fallback" });
  expect(request.metrics).toEqual(alarmed);
  expect(request.highResolution).toEqual(alarmed);
  // The caller got its read: no server error, but a read handed to the candidate that fell back.
  expect(request.values).toMatchObject({ Requests: 1, ServerErrors: 0, CandidateReads: 1, CandidateFallbacks: 1 });
  expect(emfDocuments(logs)).toContainEqual(expect.objectContaining({ metrics: ["CandidateFallbacks"], dimensions: { reason: "server-error" } }));
});

it("publishes the candidate's answer as a read handed to it that did not fall back", async () => {
  aws.deployFlag({ enabled: true, mode: "all" });

  const { logs } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${CREATOR}/fans`, { caller: CREATOR }), {
    environment: { ...environment(), POWERTOOLS_METRICS_DISABLED: "false" },
  });
  const request = requestDocument(logs);

  expect(request.dimensions).toMatchObject({ version: "$LATEST", servedBy: "prisma" });
  expect(request.values).toMatchObject({ Requests: 1, ServerErrors: 0, CandidateReads: 1, CandidateFallbacks: 0 });
});

it("publishes a read it serves itself as no read handed to the candidate", async () => {
  aws.deployFlag({ enabled: false });

  const { logs } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${CREATOR}`, { caller: CREATOR }), {
    environment: { ...environment(), POWERTOOLS_METRICS_DISABLED: "false" },
  });

  expect(requestDocument(logs).values).toMatchObject({ Requests: 1, ServerErrors: 0, CandidateReads: 0, CandidateFallbacks: 0 });
});

it("records a flag-fetch failure as a metric, and serves the read itself", async () => {
  aws.outage = awsError(500, "InternalServerException", "down");

  const { response, logs } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${CREATOR}/fans`, { caller: CREATOR }), {
    environment: { ...environment(), POWERTOOLS_METRICS_DISABLED: "false" },
  });

  expect(response).toMatchObject({ statusCode: 200, headers: { [READ_PATH_HEADER]: "mock" } });
  expect(emfDocuments(logs)).toContainEqual(expect.objectContaining({ metrics: ["FlagFetchFailures"], dimensions: {} }));
});
