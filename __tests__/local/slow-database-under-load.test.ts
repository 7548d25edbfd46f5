/**
 * A slow database under load, through the local read path with the flag at "all": PostgreSQL held
 * up by a lock (a migration's, say), the candidate's pool of two exhausted, and a network that stops
 * carrying packets. The server runs one warm candidate container. The candidate's own timeouts (connect and pool wait 2 s, statement 3 s, query
 * read 4 s) must answer before the control's 5 s budget does, and no caller may see a 5xx.
 */
import { Client } from "pg";
import type { ControlOutcome } from "../../functions/mock-read/control";
import type { RequestOutcome } from "../../functions/prisma-read/api/read-api";
import { createReadRuntime } from "../../functions/prisma-read/runtime";
import { DEFAULT_POOL_MAX } from "../../functions/prisma-read/connection/settings";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { query } from "../support/database";
import { flagFileSource, pause, readOnce, readUnderLoad, seededDatabaseOfItsOwn, waitFor, type LoadPlan } from "../support/local-read-path";
import { apiEvent, request } from "../support/read-api";
import { StallableProxy } from "../support/stallable-proxy";

let database: Awaited<ReturnType<typeof seededDatabaseOfItsOwn>>;
let databaseUrl: string;
let proxy: StallableProxy;
let proxiedUrl: string;
let server: DevServer;
let plan: LoadPlan;
const outcomes: ControlOutcome[] = [];
/** The connections' application_name, to count this server's connections apart from the others'. */
const APPLICATION = "slow-database-one-container";
/** How long the stall test waits for the stalled candidate's answer before calling it hung. */
const STALL_LIMIT_MS = 30_000;

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
    candidateEnvironment: { DATABASE_URL: proxiedUrl, AWS_LAMBDA_FUNCTION_NAME: APPLICATION },
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

/**
 * Holds an exclusive lock on the fans table (every read of it waits meanwhile) until `released`
 * holds: the scenario ends the lock on the event it needs, not after a guessed time.
 */
async function lockFansUntil(what: string, released: () => boolean | Promise<boolean>): Promise<void> {
  const holder = new Client({ connectionString: databaseUrl });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE fans IN ACCESS EXCLUSIVE MODE");
    await waitFor(what, released);
    await holder.query("COMMIT");
  } finally {
    await holder.end();
  }
}

/** How many connections named `applicationName` wait on a lock right now, as PostgreSQL sees them. */
async function waitingOnLock(applicationName: string): Promise<number> {
  const [row] = await query(databaseUrl, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [applicationName]);
  return row.n as number;
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

/** Why the candidate's answer was not used, for each read where it was not. */
const candidateFailures = () => outcomes.flatMap((outcome) => (outcome.candidateFailure ? [`${outcome.candidateFailure.reason}: ${outcome.candidateFailure.detail}`] : []));

it("answers late but from PostgreSQL while a lock holds its reads up", async () => {
  // As many clients as the pool has connections: every read holds one, none waits for the pool.
  const seen = await readUnderLoad({ ...plan, clients: DEFAULT_POOL_MAX }, async () => {
    await pause(300);
    // Both paths read the fans table (a profile counts its active fans): both connections end up waiting.
    await lockFansUntil("both of the pool's connections waiting on the lock", async () => (await waitingOnLock(APPLICATION)) === DEFAULT_POOL_MAX);
    await pause(300);
  });

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  expect(new Set(seen.map((read) => read.readPath))).toEqual(new Set(["prisma"]));
  expect(candidateFailures()).toEqual([]);
}, 60_000);

it("on an exhausted pool, answers 503 itself after the pool wait, never opens a third connection, and the caller is served by the control", async () => {
  let peak = 0;
  const seen = await readUnderLoad(plan, async () => {
    await pause(300);
    // Held until the candidate has given up on a read: its pool wait is shorter than its statement timeout.
    const lock = lockFansUntil("the candidate's first 503", () => candidateFailures().length > 0);
    peak = await peakConnections(APPLICATION, lock);
    await lock;
    await pause(500);
  });
  const after = await readOnce(server.url, plan.paths(plan.creators[0].id)[0], plan.creators[0].token);

  expect(seen.filter((read) => read.status >= 500)).toEqual([]);
  expect(peak).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(DEFAULT_POOL_MAX);
  // The candidate gave up on its own (its 503), never the control's budget (a timeout).
  expect(new Set(candidateFailures())).toEqual(new Set(["server-error: status 503"]));
  expect([after.status, after.readPath]).toEqual([200, "prisma"]);
}, 60_000);

it("gives up a connection whose packets stop, answering 503 on its query timeout, and recovers when the network does", async () => {
  // A second candidate runtime on the same proxy, with a connection already open when the network stalls.
  const candidate = createReadRuntime({ DATABASE_URL: proxiedUrl });
  const directOutcomes: RequestOutcome[] = [];
  const dependencies = { ...candidate.dependencies, observe: (outcome: RequestOutcome) => directOutcomes.push(outcome) };
  try {
    expect((await request(apiEvent("/health"), dependencies)).status).toBe(200);
    let direct: { status: number } | undefined;
    let directFailure: unknown;
    const seen = await readUnderLoad(plan, async () => {
      await pause(300);
      proxy.stall();
      try {
        // The stall lasts until the candidate gives up by itself: without pg's query timeout it would
        // wait for ever. The limit, far above that timeout (4 s), only names the failure.
        let limit: NodeJS.Timeout | undefined;
        const hung = new Promise<{ status: number }>((resolve) => (limit = setTimeout(() => resolve({ status: 0 }), STALL_LIMIT_MS)));
        direct = await Promise.race([request(apiEvent("/health"), dependencies), hung]);
        clearTimeout(limit);
        directFailure = directOutcomes.at(-1)?.error;
        await waitFor("the control serving a read the stalled candidate failed", () => outcomes.some((outcome) => outcome.servedBy === "prisma-fallback"));
      } finally {
        proxy.resume();
      }
      await pause(500);
    });
    const after = await request(apiEvent("/health"), dependencies);

    // 0: no answer within STALL_LIMIT_MS of the stall.
    expect(direct?.status).toBe(503);
    // pg's own timer ended the wait, not the pool, the connection or a resumed network.
    expect(String(directFailure)).toMatch(/Query read timeout/);
    expect(seen.filter((read) => read.status >= 500)).toEqual([]);
    expect(seen.some((read) => read.readPath === "prisma-fallback")).toBe(true);
    // The candidate's 503s, and for reads queued behind the stalled pool the control's budget: both fall back.
    const reasons = new Set(outcomes.flatMap((outcome) => (outcome.candidateFailure ? [outcome.candidateFailure.reason] : [])));
    expect([...reasons].filter((reason) => reason !== "server-error" && reason !== "timeout")).toEqual([]);
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
    let waiting = 0;
    let peak = 0;
    const seen = await readUnderLoad({ ...plan, serverUrl: spread.url, creators: await fetchSession(spread.url), clients: 12 }, async () => {
      await pause(300);
      // Held until more reads wait on it at once than one container's pool could hold.
      const lock = lockFansUntil("more connections waiting on the lock than one pool has", async () => (waiting = await waitingOnLock("slow-database-three-containers")) > DEFAULT_POOL_MAX);
      peak = await peakConnections("slow-database-three-containers", lock);
      await lock;
    });

    expect(seen.filter((read) => read.status !== 200)).toEqual([]);
    expect(waiting).toBeGreaterThan(DEFAULT_POOL_MAX);
    expect(peak).toBeLessThanOrEqual(3 * DEFAULT_POOL_MAX);
  } finally {
    await spread.close();
  }
}, 60_000);
