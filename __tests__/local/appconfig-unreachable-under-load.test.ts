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
import { pause, readUnderLoad, seededDatabaseOfItsOwn, waitFor, type LoadPlan } from "../support/local-read-path";

/** Each AppConfig call gives up after this long (FLAG_CALL_TIMEOUT_MS, 1 s when deployed). */
const CALL_TIMEOUT_MS = 500;

/**
 * No read takes this long. A read held by a silent AppConfig would wait until the test's own
 * timeout, so a bound ten times the call's timeout tells the two apart without depending on how
 * busy the machine is.
 */
const HELD_BY_APPCONFIG_MS = 10 * CALL_TIMEOUT_MS;

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

/** Where the control sent a read: to the candidate (answered or fallen back) or kept by itself. */
const routedTo = (outcome: ControlOutcome) => (outcome.servedBy === "mock" ? "mock" : "prisma");

/** The routes taken by the control's decisions that used a flag from `origin`. */
const routesFrom = (origin: ControlOutcome["flagOrigin"]) => new Set(outcomes.filter((outcome) => outcome.flagOrigin === origin).map(routedTo));

it("keeps routing by the last flag while AppConfig refuses connections, and follows a change made meanwhile once it is back", async () => {
  appConfig.deployFlag({ enabled: true, mode: "all" });
  const plan = await startReadPath();
  const port = Number(new URL(appConfig.server.endpoint).port);

  const seen = await readUnderLoad(plan, async () => {
    // AppConfig goes away only once the control routes by its flag: a busy machine can make the
    // first poll outlast its call timeout, and the control then starts from the safe default.
    await waitFor("a read routed by AppConfig's flag", () => outcomes.some((outcome) => outcome.flagOrigin === "appconfig"));
    await appConfig.server.stop();
    appConfig.deployFlag({ enabled: false });
    await waitFor("reads routed while AppConfig refuses", () => flagFailures.length > 0 && routesFrom("last-known-good").size > 0);
    await pause(1_000);
    await appConfig.server.start(port);
    await waitFor("a read routed by the flag changed meanwhile", () => outcomes.some((outcome) => outcome.flagOrigin === "appconfig" && routedTo(outcome) === "mock"));
    await pause(500);
  });

  // Asserted on the control's own decisions, each labelled with where its flag came from, so that
  // a read queued on a busy machine across AppConfig's return cannot blur the phases.
  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  expect(flagFailures.length).toBeGreaterThan(0);
  // While AppConfig refused: the last flag it gave (every read to the candidate).
  expect(routesFrom("last-known-good")).toEqual(new Set(["prisma"]));
  // Once back: the flag changed meanwhile, and nothing else kept a read from the candidate.
  const lastOutage = outcomes.map((outcome) => outcome.flagOrigin).lastIndexOf("last-known-good");
  const afterwards = outcomes.slice(lastOutage + 1).filter((outcome) => outcome.flagOrigin === "appconfig");
  expect(afterwards.length).toBeGreaterThan(0);
  expect(routedTo(afterwards[afterwards.length - 1])).toBe("mock");
  expect(Math.max(...outcomes.map((outcome) => outcome.durationMs))).toBeLessThan(HELD_BY_APPCONFIG_MS);
}, 60_000);

it("serves every read itself while AppConfig never answers at a cold start, never held by it, then follows the flag", async () => {
  appConfig.deployFlag({ enabled: true, mode: "all" });
  appConfig.hang = true;
  const plan = await startReadPath();

  const seen = await readUnderLoad(plan, async () => {
    await waitFor("reads routed while AppConfig is silent", () => routesFrom("safe-default").size > 0);
    await pause(1_000);
    appConfig.hang = false;
    await waitFor("a read routed by AppConfig's flag", () => routesFrom("appconfig").size > 0);
    await pause(500);
  });

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  const silent = outcomes.filter((outcome) => outcome.flagOrigin === "safe-default");
  expect(silent.length).toBeGreaterThan(0);
  expect(routesFrom("safe-default")).toEqual(new Set(["mock"]));
  expect(Math.max(...silent.map((outcome) => outcome.durationMs))).toBeLessThan(HELD_BY_APPCONFIG_MS);
  // Once AppConfig answers, every decision follows its flag, and the last read goes to the candidate.
  expect(routesFrom("appconfig")).toEqual(new Set(["prisma"]));
  expect(routedTo(outcomes[outcomes.length - 1])).toBe("prisma");
}, 60_000);
