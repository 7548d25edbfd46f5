/**
 * AppConfig unreachable while the local read path is under load. The control reads its flag with
 * the real FlagSource and AppConfig Data client, from a local server that speaks AppConfig's wire
 * protocol and is stopped (connections refused) or silent (never answers). A flag problem must
 * never fail or stall a read: the control routes by the last flag it had, or at a cold start by
 * the safe default (every read served by itself), and follows the flag again once AppConfig answers.
 */
import { AppConfigDataClient } from "@aws-sdk/client-appconfigdata";
import type { ControlOutcome } from "../../functions/mock-read/control";
import { FlagSource } from "../../functions/mock-read/flag/flag-source";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { clientConfig } from "../support/aws-wire-server";
import { FakeAppConfigData } from "../support/fake-appconfig-data";
import { pause, readUnderLoad, seededDatabaseOfItsOwn, type LoadPlan } from "../support/local-read-path";

/** Each AppConfig call gives up after this long (FLAG_CALL_TIMEOUT_MS, 1 s when deployed). */
const CALL_TIMEOUT_MS = 500;

let database: Awaited<ReturnType<typeof seededDatabaseOfItsOwn>>;
let appConfig: FakeAppConfigData;
let server: DevServer | undefined;
let outcomes: ControlOutcome[];
let flagFailures: unknown[];

beforeAll(async () => {
  database = await seededDatabaseOfItsOwn("appconfig");
}, 120_000);

beforeEach(async () => {
  appConfig = new FakeAppConfigData();
  appConfig.pollIntervalSeconds = 1;
  await appConfig.server.start();
  outcomes = [];
  flagFailures = [];
});

afterEach(async () => {
  await server?.close();
  await appConfig.server.stop();
});

/** The local server, its control reading the flag from `appConfig` as the deployed one does. */
async function startReadPath(): Promise<LoadPlan> {
  const flags = new FlagSource(new AppConfigDataClient(clientConfig(appConfig.server)), {
    application: "huntaze",
    environment: "local",
    profile: "read-path-flags",
    minimumPollIntervalSeconds: 1,
    retryAfterSeconds: 1,
    callTimeoutMs: CALL_TIMEOUT_MS,
    onFailure: (error) => flagFailures.push(error),
  });
  server = await startDevServer({ port: 0, databaseUrl: database.url, flags, creators: database.creators, onOutcome: (outcome) => outcomes.push(outcome) });
  const creators = await fetchSession(server.url);
  return { serverUrl: server.url, creators, clients: 8, paths: (id) => [`/creators/${id}/fans?limit=5`, `/creators/${id}`] };
}

it("keeps routing by the last flag while AppConfig refuses connections, and follows a change made meanwhile once it is back", async () => {
  appConfig.deployFlag({ enabled: true, mode: "all" });
  const plan = await startReadPath();
  const port = Number(new URL(appConfig.server.endpoint).port);
  let stoppedAt = 0;
  let restartedAt = 0;

  const seen = await readUnderLoad(plan, async () => {
    await pause(500);
    await appConfig.server.stop();
    stoppedAt = performance.now();
    appConfig.deployFlag({ enabled: false });
    await pause(2_500);
    // Taken before AppConfig listens again: a poll may reach it before start() returns here.
    restartedAt = performance.now();
    await appConfig.server.start(port);
    await pause(2_500);
  });

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  expect(flagFailures.length).toBeGreaterThan(0);
  const outage = seen.filter((read) => read.at > stoppedAt && read.at < restartedAt);
  expect(outage.length).toBeGreaterThan(0);
  expect(new Set(outage.map((read) => read.readPath))).toEqual(new Set(["prisma"]));
  expect(outcomes.some((outcome) => outcome.flagOrigin === "last-known-good")).toBe(true);
  // The change made while AppConfig was away arrives within a poll or two of its return.
  const settled = seen.filter((read) => read.at > restartedAt + 1_500);
  expect(settled.length).toBeGreaterThan(0);
  expect(new Set(settled.map((read) => read.readPath))).toEqual(new Set(["mock"]));
  expect(Math.max(...seen.map((read) => read.ms))).toBeLessThan(CALL_TIMEOUT_MS + 1_000);
}, 60_000);

it("serves every read itself while AppConfig never answers at a cold start, waiting no longer than one call's timeout, then follows the flag", async () => {
  appConfig.deployFlag({ enabled: true, mode: "all" });
  appConfig.hang = true;
  const plan = await startReadPath();
  let answeringAt = 0;

  const seen = await readUnderLoad(plan, async () => {
    await pause(2_000);
    appConfig.hang = false;
    answeringAt = performance.now();
    await pause(2_500);
  });

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  const silent = seen.filter((read) => read.at < answeringAt);
  expect(silent.length).toBeGreaterThan(0);
  expect(new Set(silent.map((read) => read.readPath))).toEqual(new Set(["mock"]));
  expect(outcomes.some((outcome) => outcome.flagOrigin === "safe-default")).toBe(true);
  expect(Math.max(...silent.map((read) => read.ms))).toBeLessThan(CALL_TIMEOUT_MS + 1_000);
  const settled = seen.filter((read) => read.at > answeringAt + 1_500);
  expect(settled.length).toBeGreaterThan(0);
  expect(new Set(settled.map((read) => read.readPath))).toEqual(new Set(["prisma"]));
}, 60_000);
