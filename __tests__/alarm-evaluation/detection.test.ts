/**
 * The safety net, judged end to end: the synthesized prod stack's alarms, evaluated over time
 * against the metrics the deployable zips really emit (their EMF lines, and the AWS/Lambda metrics
 * each invocation implies). Each scenario serves real requests with the real zip (against the test
 * run's PostgreSQL, an empty database, a slowed or unreachable one), then replays those
 * invocations as steady traffic on a simulated clock and evaluates the rollback alarms (the
 * CodeDeploy groups') and the flag's monitors (AppConfig's).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateAlarm, type AlarmTimeline } from "../../alarm-evaluation/alarm-evaluator";
import type { AlarmDefinition } from "../../alarm-evaluation/alarm-definition";
import { MetricStore } from "../../alarm-evaluation/metric-store";
import { synthesizedAlarms } from "../../alarm-evaluation/synthesized-alarms";
import { replay, steadyTimes, type ScheduledInvocation } from "../../alarm-evaluation/traffic";
import { bundleFunction, type FunctionArtifact } from "../../bundling/bundle-function";
import { FUNCTION_ENTRIES } from "../../bundling/functions";
import { serveEventsFromZip, type ServedInvocation } from "../../bundling/run-zipped-handler";
import { LatencyProxy } from "../../scripts/bench/latency-proxy";
import { synthesizeEnvironment } from "../support/app-stacks";
import { childProcessEnvironment } from "../support/aws-wire-server";
import { freshDatabase, standardCreatorIds, testDatabaseUrl } from "../support/database";
import { FakeAppConfigData } from "../support/fake-appconfig-data";
import { PROJECT_ROOT } from "../support/project-copy";
import { apiEvent } from "../support/read-api";
import { hostileEvent, hostileRequest } from "../support/hostile-requests";

jest.setTimeout(120_000);

const PRISMA = "huntaze-prisma-read";
const MOCK = "huntaze-mock-read";
const NEW_VERSION = "7";
const OLD_VERSION = "6";
const ROLLBACK_ALARMS = [`${PRISMA}-canary-error-rate`, `${PRISMA}-canary-p95-latency`, `${PRISMA}-canary-crashes`];
const FLAG_MONITORS = [`${PRISMA}-error-rate`, `${PRISMA}-p95-latency`, `${MOCK}-candidate-fallback-rate`];
/** Steady traffic: 50 requests a second for two minutes, starting 5 s into a minute. */
const START_MS = Date.UTC(2026, 11, 1, 9, 0, 5);
const SECONDS = 120;
const RATE = 50;
const DETECTION_LIMIT_MS = 60_000;

let outdir: string;
let prismaZip: FunctionArtifact;
let mockZip: FunctionArtifact;
let alarms: AlarmDefinition[];
let creator: string;
let creators: string[];
const detectionTimes: Array<{ scenario: string; alarm: string; seconds: number }> = [];

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "alarm-evaluation-"));
  prismaZip = bundleFunction({ name: "prisma-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["prisma-read"]), outdir });
  mockZip = bundleFunction({ name: "mock-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["mock-read"]), outdir });
  alarms = synthesizedAlarms(synthesizeEnvironment("prod"), {
    "${aws_lambda_function.prisma_read.version}": NEW_VERSION,
    "${aws_lambda_function.mock_read.version}": NEW_VERSION,
    "${aws_lambda_function.canary_health_hook.version}": NEW_VERSION,
  });
  creators = (await standardCreatorIds()).slice(0, 3);
  [creator] = creators;
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  // bench:detect reads the figures from here.
  if (process.env.ALARM_DETECTION_REPORT) writeFileSync(process.env.ALARM_DETECTION_REPORT, JSON.stringify(detectionTimes, null, 2));
});

/** The prisma-read environment prod gives it, less what only AWS has, plus the scenario's database. */
function prismaEnvironment(version: string, database: Record<string, string>): Record<string, string> {
  return { POWERTOOLS_SERVICE_NAME: PRISMA, POWERTOOLS_LOG_LEVEL: "CRITICAL", AWS_LAMBDA_FUNCTION_VERSION: version, ...database };
}

/** A mix of the read routes a creator's app sends. */
function readEvents(count: number): unknown[] {
  const routes = [
    () => apiEvent("/health"),
    () => apiEvent(`/creators/${creator}`, { caller: creator }),
    () => apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "20" } }),
    () => apiEvent(`/creators/${creator}/revenue`, { caller: creator, query: { from: "2026-01-01T00:00:00.000Z", to: "2026-10-01T00:00:00.000Z", granularity: "month" } }),
  ];
  return Array.from({ length: count }, (_, index) => routes[index % routes.length]());
}

/** The hostile-input suite's requests (fast-check, fixed seed), as API Gateway hands them to the function. */
function hostileEvents(creators: readonly string[]): unknown[] {
  return fc.sample(hostileRequest, { numRuns: 60, seed: 20261201 }).map((generated) => hostileEvent(generated, creators));
}

/** Steady traffic through the candidate's alias, every request served by `pick(index)`. */
function candidateTraffic(pick: (index: number) => { version: string; served: ServedInvocation }): ScheduledInvocation[] {
  return steadyTimes(START_MS, SECONDS, RATE).map((atMs, index) => ({ atMs, functionName: PRISMA, aliasName: "live", ...pick(index) }));
}

function cycle(served: readonly ServedInvocation[], version = NEW_VERSION) {
  return (index: number) => ({ version, served: served[index % served.length] });
}

/** Every alarm of the stack over the traffic, by name. */
function evaluate(traffic: Iterable<ScheduledInvocation>): Map<string, AlarmTimeline> {
  const store = new MetricStore();
  replay(store, traffic);
  return new Map(alarms.map((alarm) => [alarm.alarmName, evaluateAlarm(alarm, store, START_MS, START_MS + (SECONDS + 60) * 1000)]));
}

function states(timelines: Map<string, AlarmTimeline>, names: readonly string[]): Record<string, "ALARM" | "OK"> {
  return Object.fromEntries(
    names.map((name) => {
      const timeline = timelines.get(name);
      if (!timeline) throw new Error(`the prod stack has no alarm named ${name}; it has ${[...timelines.keys()].join(", ")}`);
      return [name, timeline.firstAlarmAtMs === undefined ? "OK" : "ALARM"];
    }),
  );
}

/** Seconds from the first failing request to ALARM, recorded for bench:detect. */
function detection(scenario: string, timelines: Map<string, AlarmTimeline>, alarm: string, firstFailureMs = START_MS): number {
  const firstAlarmAtMs = timelines.get(alarm)?.firstAlarmAtMs;
  if (firstAlarmAtMs === undefined) throw new Error(`${alarm} never fired in "${scenario}"`);
  const elapsed = firstAlarmAtMs - firstFailureMs;
  detectionTimes.push({ scenario, alarm, seconds: elapsed / 1000 });
  console.log(`${scenario}: ${alarm} in ALARM ${elapsed / 1000} s after the first failing request`);
  return elapsed;
}

function expectAllOk(timelines: Map<string, AlarmTimeline>): void {
  const expected = Object.fromEntries([...ROLLBACK_ALARMS, ...FLAG_MONITORS].map((name) => [name, "OK"]));
  expect(states(timelines, [...ROLLBACK_ALARMS, ...FLAG_MONITORS])).toEqual(expected);
}

describe("the prod stack's alarms, against what the deployable zips emit", () => {
  let healthy: ServedInvocation[];

  beforeAll(async () => {
    healthy = await serveEventsFromZip(prismaZip.zipPath, readEvents(24), prismaEnvironment(NEW_VERSION, { DATABASE_URL: testDatabaseUrl() }));
  });

  it("leaves every alarm OK under healthy traffic", () => {
    expect(healthy.every((served) => served.statusCode === 200)).toBe(true);

    expectAllOk(evaluate(candidateTraffic(cycle(healthy))));
  });

  it("leaves every alarm OK under the hostile-input suite's traffic: 4xx, which never counts as a server error", async () => {
    const hostile = await serveEventsFromZip(prismaZip.zipPath, hostileEvents(creators), prismaEnvironment(NEW_VERSION, { DATABASE_URL: testDatabaseUrl() }));
    expect(hostile.filter((served) => served.failed || served.statusCode! >= 500)).toEqual([]);
    expect(hostile.filter((served) => served.statusCode! >= 400).length).toBeGreaterThan(hostile.length / 2);

    expectAllOk(evaluate(candidateTraffic(cycle(hostile))));
  });

  it("rolls back and stops the flag when the database is unreachable", async () => {
    const unreachable = await serveEventsFromZip(
      prismaZip.zipPath,
      readEvents(4),
      prismaEnvironment(NEW_VERSION, { DATABASE_URL: "postgresql://huntaze:secret@127.0.0.1:1/huntaze" }),
    );
    expect(unreachable.map((served) => served.statusCode)).toEqual([503, 503, 503, 503]);

    const timelines = evaluate(candidateTraffic(cycle(unreachable)));

    expect(states(timelines, [`${PRISMA}-canary-error-rate`, `${PRISMA}-error-rate`])).toEqual({
      [`${PRISMA}-canary-error-rate`]: "ALARM",
      [`${PRISMA}-error-rate`]: "ALARM",
    });
    expect(detection("database unreachable", timelines, `${PRISMA}-canary-error-rate`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
    expect(detection("database unreachable", timelines, `${PRISMA}-error-rate`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  });

  it("rolls back on latency when the database answers slower than the p95 threshold", async () => {
    const database = new URL(testDatabaseUrl());
    const proxy = new LatencyProxy({ host: database.hostname, port: Number(database.port) }, 300);
    const port = await proxy.start();
    try {
      database.port = String(port);
      const slow = await serveEventsFromZip(prismaZip.zipPath, readEvents(4), prismaEnvironment(NEW_VERSION, { DATABASE_URL: database.toString() }));
      // The scenario's premise, not a timing check: 300 ms each way cannot make a read take less
      // (timers never fire early), and a busy machine only makes it slower.
      expect(slow.every((served) => served.statusCode === 200 && served.durationMs > 500)).toBe(true);

      const timelines = evaluate(candidateTraffic(cycle(slow)));

      expect(states(timelines, [`${PRISMA}-canary-p95-latency`, `${PRISMA}-p95-latency`, `${PRISMA}-canary-error-rate`])).toEqual({
        [`${PRISMA}-canary-p95-latency`]: "ALARM",
        [`${PRISMA}-p95-latency`]: "ALARM",
        [`${PRISMA}-canary-error-rate`]: "OK",
      });
      expect(detection("database slower than the p95 threshold", timelines, `${PRISMA}-canary-p95-latency`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
    } finally {
      await proxy.close();
    }
  });

  it("rolls back on a SQL error: a migration not applied (missing relation)", async () => {
    const empty = await freshDatabase("alarms");
    const failing = await serveEventsFromZip(prismaZip.zipPath, readEvents(4).slice(1, 4), prismaEnvironment(NEW_VERSION, { DATABASE_URL: empty }));
    expect(failing.map((served) => served.statusCode)).toEqual([500, 500, 500]);

    const timelines = evaluate(candidateTraffic(cycle(failing)));

    expect(states(timelines, [`${PRISMA}-canary-error-rate`, `${PRISMA}-error-rate`])).toEqual({
      [`${PRISMA}-canary-error-rate`]: "ALARM",
      [`${PRISMA}-error-rate`]: "ALARM",
    });
    expect(detection("missing relation", timelines, `${PRISMA}-canary-error-rate`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  });

  it("rolls back on an exception that escapes the handler, which answers a counted, bare 500", async () => {
    const thrown = await serveEventsFromZip(prismaZip.zipPath, [null, null], prismaEnvironment(NEW_VERSION, { DATABASE_URL: testDatabaseUrl() }));
    expect(thrown.map((served) => served.statusCode)).toEqual([500, 500]);

    const timelines = evaluate(candidateTraffic(cycle(thrown)));

    expect(states(timelines, [`${PRISMA}-canary-error-rate`])).toEqual({ [`${PRISMA}-canary-error-rate`]: "ALARM" });
    expect(detection("unhandled exception", timelines, `${PRISMA}-canary-error-rate`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  });

  it("rolls back a version that crashes at init, which only Lambda's own metrics can see", async () => {
    const crashing = await serveEventsFromZip(prismaZip.zipPath, readEvents(2), prismaEnvironment(NEW_VERSION, { DATABASE_URL: "", DATABASE_PORT: "not-a-port" }));
    expect(crashing.every((served) => served.failed && served.stdout === "")).toBe(true);

    const timelines = evaluate(candidateTraffic(cycle(crashing)));

    expect(states(timelines, [`${PRISMA}-canary-crashes`, `${PRISMA}-canary-error-rate`])).toEqual({
      [`${PRISMA}-canary-crashes`]: "ALARM",
      [`${PRISMA}-canary-error-rate`]: "OK",
    });
    expect(detection("crash at init", timelines, `${PRISMA}-canary-crashes`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  });

  it("rolls back when the database refuses the credentials after a rotation", async () => {
    const database = new URL(testDatabaseUrl());
    database.password = "rotated-away";
    const refused = await serveEventsFromZip(prismaZip.zipPath, readEvents(4).slice(1), prismaEnvironment(NEW_VERSION, { DATABASE_URL: database.toString() }));
    expect(refused.every((served) => served.statusCode! >= 500)).toBe(true);

    const timelines = evaluate(candidateTraffic(cycle(refused)));

    expect(states(timelines, [`${PRISMA}-canary-error-rate`])).toEqual({ [`${PRISMA}-canary-error-rate`]: "ALARM" });
    expect(detection("credentials refused", timelines, `${PRISMA}-canary-error-rate`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  });

  it("fires the canary alarm for a 10 % canary whose new version fails 15 % of reads, which the function-wide rate (1.5 %) would not", async () => {
    const old = await serveEventsFromZip(prismaZip.zipPath, readEvents(8), prismaEnvironment(OLD_VERSION, { DATABASE_URL: testDatabaseUrl() }));
    const failing = await serveEventsFromZip(
      prismaZip.zipPath,
      readEvents(4),
      prismaEnvironment(NEW_VERSION, { DATABASE_URL: "postgresql://huntaze:secret@127.0.0.1:1/huntaze" }),
    );
    let canaryRequests = 0;
    const traffic = candidateTraffic((index) => {
      if (index % 10 !== 0) return { version: OLD_VERSION, served: old[index % old.length] };
      const request = canaryRequests++;
      // 3 of every 20 requests on the new version fail: 15 %.
      return { version: NEW_VERSION, served: request % 20 < 3 ? failing[request % failing.length] : healthy[request % healthy.length] };
    });

    const timelines = evaluate(traffic);

    expect(states(timelines, [`${PRISMA}-canary-error-rate`, `${PRISMA}-error-rate`])).toEqual({
      [`${PRISMA}-canary-error-rate`]: "ALARM",
      [`${PRISMA}-error-rate`]: "OK",
    });
    expect(detection("10 % canary failing 15 % of reads", timelines, `${PRISMA}-canary-error-rate`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  });

  it("judges nothing from one failure among three night-time requests", async () => {
    const unreachable = await serveEventsFromZip(prismaZip.zipPath, readEvents(1), prismaEnvironment(NEW_VERSION, { DATABASE_URL: "postgresql://huntaze:secret@127.0.0.1:1/huntaze" }));
    const night: ScheduledInvocation[] = [0, 1, 2].map((index) => ({
      atMs: START_MS + index * 2000,
      functionName: PRISMA,
      aliasName: "live",
      version: NEW_VERSION,
      served: index === 1 ? unreachable[0] : healthy[index],
    }));

    expectAllOk(evaluate(night));
  });
});

describe("the control's fallback monitor, against what the deployable control emits", () => {
  let aws: FakeAppConfigData;

  beforeAll(async () => {
    aws = new FakeAppConfigData();
    // The candidate never answers within the control's budget: as the control sees a timeout.
    aws.server.onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", () => new Promise<never>(() => undefined));
    await aws.server.start();
  });
  afterAll(() => aws.server.stop());

  it("stops the flag when the candidate times out as the control sees it, though every caller got a 200", async () => {
    aws.deployFlag({ enabled: true, mode: "all" });
    const fallbacks = await serveEventsFromZip(mockZip.zipPath, readEvents(4).slice(1), {
      ...childProcessEnvironment(aws.server),
      FLAG_APPLICATION_ID: "app1234",
      FLAG_ENVIRONMENT_ID: "env1234",
      FLAG_PROFILE_ID: "prof1234",
      CANDIDATE_FUNCTION_ARN: `arn:aws:lambda:eu-west-1:333333333333:function:${PRISMA}:live`,
      CANDIDATE_BUDGET_MS: "100",
      // The largest flag timeout: a cold process's first call on a busy machine must not end in the safe default.
      FLAG_CALL_TIMEOUT_MS: "5000",
      POWERTOOLS_SERVICE_NAME: MOCK,
      POWERTOOLS_LOG_LEVEL: "CRITICAL",
      AWS_LAMBDA_FUNCTION_VERSION: NEW_VERSION,
    });
    expect(fallbacks.map((served) => served.statusCode)).toEqual([200, 200, 200]);

    const traffic = steadyTimes(START_MS, SECONDS, RATE).map((atMs, index) => ({
      atMs,
      functionName: MOCK,
      aliasName: "live",
      version: NEW_VERSION,
      served: fallbacks[index % fallbacks.length],
    }));
    const timelines = evaluate(traffic);

    expect(states(timelines, [`${MOCK}-candidate-fallback-rate`, `${MOCK}-canary-error-rate`])).toEqual({
      [`${MOCK}-candidate-fallback-rate`]: "ALARM",
      [`${MOCK}-canary-error-rate`]: "OK",
    });
    expect(detection("candidate timing out (fallback)", timelines, `${MOCK}-candidate-fallback-rate`)).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
  });
});
