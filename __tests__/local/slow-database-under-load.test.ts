/**
 * A slow database under load, through the local read path with the flag at "all": PostgreSQL held
 * up by a lock (a migration's, say), the candidate's pool of two exhausted, and a network that stops
 * carrying packets. The server runs one warm candidate container. The candidate's own timeouts (connect and pool wait 2 s, statement 3 s, query
 * read 4 s) must answer before the control's 5 s budget does, and no caller may see a 5xx.
 */
import { Client } from "pg";
import type { ControlOutcome } from "../../functions/mock-read/control";
import { DEFAULT_CANDIDATE_BUDGET_MS } from "../../functions/mock-read/settings";
import { createReadRuntime } from "../../functions/prisma-read/runtime";
import { DEFAULT_POOL_MAX } from "../../functions/prisma-read/connection/settings";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { query } from "../support/database";
import { flagFileSource, pause, readOnce, readUnderLoad, seededDatabaseOfItsOwn, type LoadPlan } from "../support/local-read-path";
import { apiEvent, request } from "../support/read-api";
import { StallableProxy } from "../support/stallable-proxy";

let database: Awaited<ReturnType<typeof seededDatabaseOfItsOwn>>;
let databaseUrl: string;
let proxy: StallableProxy;
let proxiedUrl: string;
let server: DevServer;
let plan: LoadPlan;
const outcomes: ControlOutcome[] = [];

beforeAll(async () => {
  database = await seededDatabaseOfItsOwn("slow");
  databaseUrl = database.url;
  const direct = new URL(databaseUrl);
  proxy = new StallableProxy({ host: direct.hostname, port: Number(direct.port) });
  const proxied = new URL(databaseUrl);
  proxied.port = String(await proxy.start());
  proxiedUrl = proxied.toString();
  server = await startDevServer({
    port: 0,
    databaseUrl: proxiedUrl,
    flags: flagFileSource({ enabled: true, mode: "all" }),
    creators: database.creators,
    // The connections' application_name, to count this server's connections apart from the others'.
    candidateEnvironment: { DATABASE_URL: proxiedUrl, AWS_LAMBDA_FUNCTION_NAME: "slow-database-one-container" },
    // One warm container: its pool of two is what the exhaustion test exhausts.
    candidateContainers: 1,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  const creators = await fetchSession(server.url);
  plan = { serverUrl: server.url, creators, clients: 8, paths: (id) => [`/creators/${id}/fans?limit=5`, `/creators/${id}`] };
}, 120_000);

afterAll(async () => {
  await server?.close();
  await proxy?.close();
}, 30_000);

beforeEach(() => {
  outcomes.length = 0;
});

/** Holds an exclusive lock on the fans table for `ms`: every read of it waits meanwhile. */
async function lockFans(ms: number): Promise<void> {
  const holder = new Client({ connectionString: databaseUrl });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE fans IN ACCESS EXCLUSIVE MODE");
    await pause(ms);
    await holder.query("COMMIT");
  } finally {
    await holder.end();
  }
}

/** The most connections named `applicationName` PostgreSQL held at once while `during` ran, sampled every 50 ms. */
async function peakConnections(applicationName: string, during: Promise<unknown>): Promise<number> {
  let peak = 0;
  let running = true;
  void during.finally(() => (running = false));
  while (running) {
    const [row] = await query(databaseUrl, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    peak = Math.max(peak, row.n as number);
    await pause(50);
  }
  return peak;
}

const budget = DEFAULT_CANDIDATE_BUDGET_MS;

it("answers late but from PostgreSQL while a lock holds reads up for a second", async () => {
  const seen = await readUnderLoad({ ...plan, clients: 4 }, async () => {
    await pause(300);
    await lockFans(1_000);
    await pause(300);
  });

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  expect(new Set(seen.map((read) => read.readPath))).toEqual(new Set(["prisma"]));
  // The lock did slow the reads that met it, and none ran out of budget. Both paths read the fans
  // table (a profile counts its active fans), so the reads held up may be of either path: all four
  // clients can be on profile reads when the lock is taken, and every fan-list read then runs after it.
  expect(Math.max(...seen.map((read) => read.ms))).toBeGreaterThan(700);
  expect(Math.max(...seen.map((read) => read.ms))).toBeLessThan(budget);
}, 60_000);

it("on an exhausted pool, answers 503 itself after the pool wait, never opens a third connection, and the caller is served by the control", async () => {
  let peak = 0;
  const seen = await readUnderLoad(plan, async () => {
    await pause(300);
    const lock = lockFans(4_000);
    peak = await peakConnections("slow-database-one-container", lock);
    await lock;
    await pause(1_000);
  });
  const after = await readOnce(server.url, plan.paths(plan.creators[0].id)[0], plan.creators[0].token);

  expect(seen.filter((read) => read.status >= 500)).toEqual([]);
  expect(peak).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(DEFAULT_POOL_MAX);
  const failures = outcomes.flatMap((outcome) => (outcome.candidateFailure ? [outcome.candidateFailure] : []));
  // The candidate gave up on its own (its 503) before the control's budget ran out.
  expect(failures.length).toBeGreaterThan(0);
  expect(new Set(failures.map((failure) => failure.detail))).toEqual(new Set(["status 503"]));
  expect(Math.max(...seen.map((read) => read.ms))).toBeLessThan(budget);
  expect([after.status, after.readPath]).toEqual([200, "prisma"]);
}, 60_000);

it("gives up a connection whose packets stop, answering 503 within its query timeout, and recovers when the network does", async () => {
  // A second candidate runtime on the same proxy, with a connection already open when the network stalls.
  const candidate = createReadRuntime({ DATABASE_URL: proxiedUrl });
  try {
    expect((await request(apiEvent("/health"), candidate.dependencies)).status).toBe(200);
    let direct: { status: number; ms: number } | undefined;
    const seen = await readUnderLoad(plan, async () => {
      await pause(300);
      proxy.stall();
      try {
        const started = performance.now();
        const answer = await Promise.race([request(apiEvent("/health"), candidate.dependencies), pause(8_000).then(() => ({ status: 0 }))]);
        direct = { status: answer.status, ms: performance.now() - started };
        await pause(1_500);
      } finally {
        proxy.resume();
      }
      await pause(1_500);
    });
    const after = await request(apiEvent("/health"), candidate.dependencies);

    // Without pg's query timeout, the open connection would wait for as long as the stall lasts (0: no answer in 8 s).
    expect(direct?.status).toBe(503);
    expect(direct?.ms).toBeGreaterThan(3_500);
    expect(direct?.ms).toBeLessThan(4_800);
    expect(seen.filter((read) => read.status >= 500)).toEqual([]);
    expect(seen.some((read) => read.readPath === "prisma-fallback")).toBe(true);
    expect(Math.max(...seen.map((read) => read.ms))).toBeLessThan(budget + 500);
    expect(after.status).toBe(200);
  } finally {
    await candidate.database.disconnect();
  }
}, 60_000);

it("spreads concurrent reads over its warm candidate containers, each within its own pool of two", async () => {
  const spread = await startDevServer({
    port: 0,
    databaseUrl,
    flags: flagFileSource({ enabled: true, mode: "all" }),
    creators: database.creators,
    candidateEnvironment: { DATABASE_URL: databaseUrl, AWS_LAMBDA_FUNCTION_NAME: "slow-database-three-containers" },
    candidateContainers: 3,
  });
  try {
    let peak = 0;
    const seen = await readUnderLoad({ ...plan, serverUrl: spread.url, creators: await fetchSession(spread.url), clients: 12 }, async () => {
      await pause(300);
      const lock = lockFans(1_000);
      peak = await peakConnections("slow-database-three-containers", lock);
      await lock;
    });

    expect(seen.filter((read) => read.status !== 200)).toEqual([]);
    expect(seen.length).toBeGreaterThan(12);
    expect(peak).toBeGreaterThan(DEFAULT_POOL_MAX);
    expect(peak).toBeLessThanOrEqual(3 * DEFAULT_POOL_MAX);
  } finally {
    await spread.close();
  }
}, 60_000);
