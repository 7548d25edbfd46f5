/**
 * The shadow phase, end to end: the deployable candidate (its zip, on the test run's PostgreSQL)
 * serves shadow payloads whose control answers are the real control's (the mock read source through
 * the same read API), as they are or drifted (a renamed field, another status). What the candidate
 * printed is read back by `npm run shadow:report`, which names the route and kind, and its EMF is
 * replayed as steady shadow traffic into the synthesized prod stack's alarms: the shadow alarms fire
 * for drift and stay OK for matching answers, and the candidate's caller-facing alarms never move.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { evaluateAlarm, type AlarmTimeline } from "../../alarm-evaluation/alarm-evaluator";
import type { AlarmDefinition } from "../../alarm-evaluation/alarm-definition";
import { MetricStore } from "../../alarm-evaluation/metric-store";
import { synthesizedAlarms } from "../../alarm-evaluation/synthesized-alarms";
import { replay, steadyTimes, type ScheduledInvocation } from "../../alarm-evaluation/traffic";
import { bundleFunction, type FunctionArtifact } from "../../bundling/bundle-function";
import { FUNCTION_ENTRIES } from "../../bundling/functions";
import { runZippedHandlerCold, type ColdRun } from "../../bundling/run-zipped-handler";
import type { ServedInvocation } from "../../bundling/run-zipped-handler";
import { SHADOW_READ_KEY, type ShadowReadPayload, type ShadowReadResult } from "../../contracts/shadow-read";
import { mockReadSource } from "../../functions/mock-read/mock-data/mock-read-source";
import { serveReadRequest } from "../../functions/read-api/serve-read-request";
import { synthesizeEnvironment } from "../support/app-stacks";
import { runNode } from "../support/child-process";
import { standardCreatorIds, testDatabaseUrl } from "../support/database";
import { PROJECT_ROOT } from "../support/project-copy";
import { apiEvent, TEST_NOW } from "../support/read-api";

jest.setTimeout(180_000);

const PRISMA = "huntaze-prisma-read";
const NEW_VERSION = "7";
const SHADOW_ALARMS = [`${PRISMA}-canary-shadow-drift-rate`, `${PRISMA}-shadow-drift-rate`];
const CALLER_ALARMS = [`${PRISMA}-canary-error-rate`, `${PRISMA}-error-rate`, `${PRISMA}-canary-p95-latency`, `${PRISMA}-p95-latency`, `${PRISMA}-canary-crashes`];
/** Steady shadow traffic: 20 shadow reads a second for two minutes, starting 5 s into a minute. */
const START_MS = Date.UTC(2026, 11, 1, 9, 0, 5);
const SECONDS = 120;
const RATE = 20;

let outdir: string;
let zip: FunctionArtifact;
let alarms: AlarmDefinition[];
let creator: string;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "shadow-detection-"));
  zip = bundleFunction({ name: "prisma-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["prisma-read"]), outdir });
  alarms = synthesizedAlarms(synthesizeEnvironment("prod"), {
    "${aws_lambda_function.prisma_read.version}": NEW_VERSION,
    "${aws_lambda_function.mock_read.version}": NEW_VERSION,
    "${aws_lambda_function.canary_health_hook.version}": NEW_VERSION,
  });
  [creator] = await standardCreatorIds();
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The reads a creator's app sends, by route. */
const events = (): Record<string, APIGatewayProxyEvent> => ({
  health: apiEvent("/health"),
  creator: apiEvent(`/creators/${creator}`, { caller: creator }),
  fans: apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "5" } }),
  revenue: apiEvent(`/creators/${creator}/revenue`, { caller: creator, query: { from: "2026-01-01T00:00:00.000Z", to: "2026-10-01T00:00:00.000Z", granularity: "month" } }),
});

/** What the control answers: the mock read source through the same read API. */
async function controlAnswer(event: APIGatewayProxyEvent): Promise<{ statusCode: number; body: string }> {
  const { response } = await serveReadRequest(event, { source: mockReadSource(), now: TEST_NOW });
  return { statusCode: response.statusCode, body: response.body };
}

function payload(route: string, event: APIGatewayProxyEvent, control: { statusCode: number; body: string }): ShadowReadPayload {
  return { [SHADOW_READ_KEY]: { version: 1, route, event: { ...event }, control } };
}

/** One shadow read by the deployable zip, in a fresh process, with what it printed. */
async function shadowRead(input: ShadowReadPayload, database = testDatabaseUrl()): Promise<Extract<ColdRun, { ok: true }>> {
  const run = await runZippedHandlerCold(zip.zipPath, input, {
    environment: { DATABASE_URL: database, POWERTOOLS_SERVICE_NAME: PRISMA, POWERTOOLS_LOG_LEVEL: "INFO", AWS_LAMBDA_FUNCTION_VERSION: NEW_VERSION },
  });
  if (!run.ok) throw new Error(`the shadow read failed outright: ${JSON.stringify(run)}`);
  return run;
}

const printedText = (run: Extract<ColdRun, { ok: true }>, stream?: "stdout" | "stderr") =>
  run.printed.filter((chunk) => !stream || chunk.stream === stream).map((chunk) => chunk.text).join("");

/** A shadow read as the evaluator replays it: its standard output (EMF) and how long it took. */
const served = (run: Extract<ColdRun, { ok: true }>): ServedInvocation => ({ stdout: printedText(run, "stdout"), failed: false, durationMs: run.firstRequestMs });

function evaluate(runs: readonly Extract<ColdRun, { ok: true }>[]): Map<string, AlarmTimeline> {
  const traffic: ScheduledInvocation[] = steadyTimes(START_MS, SECONDS, RATE).map((atMs, index) => ({
    atMs,
    functionName: PRISMA,
    aliasName: "live",
    version: NEW_VERSION,
    served: served(runs[index % runs.length]),
  }));
  const store = new MetricStore();
  replay(store, traffic);
  return new Map(alarms.map((alarm) => [alarm.alarmName, evaluateAlarm(alarm, store, START_MS, START_MS + (SECONDS + 60) * 1000)]));
}

function states(timelines: Map<string, AlarmTimeline>, names: readonly string[]): Record<string, "ALARM" | "OK"> {
  return Object.fromEntries(
    names.map((name) => {
      const timeline = timelines.get(name);
      if (!timeline) throw new Error(`the prod stack has no alarm named ${name}`);
      return [name, timeline.firstAlarmAtMs === undefined ? "OK" : "ALARM"];
    }),
  );
}
const all = (names: readonly string[], state: "ALARM" | "OK") => Object.fromEntries(names.map((name) => [name, state]));

describe("shadow reads by the deployable candidate, reported and judged", () => {
  let matching: Extract<ColdRun, { ok: true }>[];
  let drifted: Extract<ColdRun, { ok: true }>[];

  beforeAll(async () => {
    const reads = events();
    matching = [];
    for (const [route, event] of Object.entries(reads)) matching.push(await shadowRead(payload(route, event, await controlAnswer(event))));

    // The control's contract drifts: its fans call displayName `name`, and it answers 404 where the candidate finds the creator.
    const fans = await controlAnswer(reads.fans);
    const page = JSON.parse(fans.body) as { items: Array<Record<string, unknown>> };
    const renamed = { ...page, items: page.items.map(({ displayName, ...rest }) => ({ ...rest, name: displayName })) };
    drifted = [
      await shadowRead(payload("fans", reads.fans, { statusCode: 200, body: JSON.stringify(renamed) })),
      await shadowRead(payload("creator", reads.creator, { statusCode: 404, body: JSON.stringify({ error: { code: "NOT_FOUND", message: "creator was not found" } }) })),
    ];
  });

  it("finds the real control's and the real candidate's contracts equal on every route", () => {
    const results = matching.map((run) => run.response as ShadowReadResult);

    expect(results.map(({ route, statusCode, failed, mismatches }) => ({ route, statusCode, failed, mismatches }))).toEqual(
      ["health", "creator", "fans", "revenue"].map((route) => ({ route, statusCode: 200, failed: false, mismatches: [] })),
    );
  });

  it("publishes the shadow metrics alone, in the contract's dimension sets: no caller request is counted", () => {
    const documents = [...matching, ...drifted].flatMap((run) =>
      printedText(run, "stdout")
        .split("\n")
        .filter((line) => line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as { _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string; StorageResolution?: number }> }> } }),
    );
    const directives = documents.flatMap((document) => document._aws.CloudWatchMetrics);
    const metricNames = new Set(directives.flatMap((directive) => directive.Metrics.map((metric) => metric.Name)));

    expect(metricNames).not.toContain("Requests");
    expect(metricNames).not.toContain("ServerErrors");
    expect(metricNames).not.toContain("RequestLatency");
    const shadow = directives.filter((directive) => directive.Metrics.some((metric) => metric.Name === "ShadowReads"));
    expect(shadow).toHaveLength(6);
    for (const directive of shadow) {
      expect(directive.Dimensions).toEqual([["service"], ["service", "version"], ["service", "route"]]);
      expect(directive.Metrics.map((metric) => [metric.Name, metric.StorageResolution])).toEqual([
        ["ShadowReads", 1],
        ["ShadowMismatches", 1],
        ["ShadowErrors", 1],
        ["ShadowLatency", 1],
      ]);
    }
    const byKind = directives.filter((directive) => directive.Dimensions.some((set) => set.includes("kind")));
    expect(byKind.map((directive) => directive.Dimensions)).toEqual([
      [["service", "route", "kind"]],
      [["service", "route", "kind"]],
      [["service", "route", "kind"]],
    ]);
  });

  it("logs each mismatch without a value of either answer, and the report names the route and kind", async () => {
    const log = [...matching, ...drifted].map((run) => printedText(run)).join("");
    const file = join(outdir, "candidate.log");
    writeFileSync(file, log);
    const mismatchLines = log.split("\n").filter((line) => line.includes("shadow read differs"));

    expect(mismatchLines.map((line) => JSON.parse(line)).map(({ route, kind, path }) => ({ route, kind, path }))).toEqual([
      // The control calls it `name`: the candidate lacks `name` and adds `displayName`.
      { route: "fans", kind: "missing-field", path: "$.items[].name" },
      { route: "fans", kind: "extra-field", path: "$.items[].displayName" },
      { route: "creator", kind: "status", path: "$" },
    ]);
    // The handler returns the comparison, never the candidate's answer.
    expect(drifted[0].response).not.toHaveProperty("body");
    expect(log).not.toContain(creator);

    const report = await runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/shadow-report.ts", "--file", file], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 60_000,
    });

    expect(report.code).toBe(0);
    expect(report.stdout).toContain("Shadow reads: 6, 2 differing from the control's contract (33.3 %), 0 failed (0.0 %)");
    expect(report.stdout).toMatch(/^ {2}creator +status +1 .* \$$/m);
    expect(report.stdout).toMatch(/^ {2}fans +missing-field +1 .* \$\.items\[\]\.name$/m);
    expect(report.stdout).toMatch(/^ {2}fans +extra-field +1 .* \$\.items\[\]\.displayName$/m);
  });

  it("fires both shadow alarms when the contracts drift, and leaves the caller-facing alarms OK", () => {
    const timelines = evaluate([...drifted, ...matching]);

    expect(states(timelines, SHADOW_ALARMS)).toEqual(all(SHADOW_ALARMS, "ALARM"));
    expect(states(timelines, CALLER_ALARMS)).toEqual(all(CALLER_ALARMS, "OK"));
  });

  it("leaves every alarm OK when the answers match", () => {
    const timelines = evaluate(matching);

    expect(states(timelines, [...SHADOW_ALARMS, ...CALLER_ALARMS])).toEqual(all([...SHADOW_ALARMS, ...CALLER_ALARMS], "OK"));
  });

  it("counts shadow reads the candidate fails as shadow errors, which fire the shadow alarms and never the error-rate alarms", async () => {
    const event = events().fans;
    const failing = await shadowRead(payload("fans", event, await controlAnswer(event)), "postgresql://huntaze:secret@127.0.0.1:1/huntaze");
    expect(failing.response).toEqual({ route: "fans", statusCode: 503, failed: true, mismatches: [] });

    const timelines = evaluate([failing]);

    expect(states(timelines, SHADOW_ALARMS)).toEqual(all(SHADOW_ALARMS, "ALARM"));
    expect(states(timelines, CALLER_ALARMS)).toEqual(all(CALLER_ALARMS, "OK"));
  });
});
