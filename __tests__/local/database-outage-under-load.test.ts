/**
 * PostgreSQL stops and comes back while eight clients keep reading through the local control with
 * the flag at "all". No caller may see a 5xx or wait past the candidate's budget: the control serves
 * its own data while the candidate fails (prisma-fallback), and the candidate serves again once the
 * database is back.
 */
import { DEFAULT_CANDIDATE_BUDGET_MS } from "../../functions/mock-read/settings";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { query } from "../support/database";
import { flagFileSource, pause, readOnce, readUnderLoad, type LoadPlan } from "../support/local-read-path";
import { startControlledPostgres, type ControlledPostgres } from "../support/postgres-server";

let postgres: ControlledPostgres;
let server: DevServer;
let plan: LoadPlan;

beforeAll(async () => {
  postgres = await startControlledPostgres();
  const rows = await query(postgres.url, "SELECT id, handle FROM creators WHERE deleted_at IS NULL ORDER BY handle LIMIT 4");
  server = await startDevServer({
    port: 0,
    databaseUrl: postgres.url,
    flags: flagFileSource({ enabled: true, mode: "all" }),
    creators: rows.map((row) => ({ id: row.id, handle: row.handle })),
  });
  plan = { serverUrl: server.url, creators: await fetchSession(server.url), clients: 8, paths: (id) => [`/creators/${id}/fans?limit=5`] };
}, 120_000);

afterAll(async () => {
  await server?.close();
  await postgres?.destroy();
}, 30_000);

it("keeps answering through a database outage, falling back while it lasts, and recovers after", async () => {
  // The outage is the time PostgreSQL is certainly down: from the moment its stop has finished (a
  // busy machine took over 200 ms to stop it, and reads sent meanwhile were still served) to the
  // moment its start begins.
  let stoppedAt = 0;
  let restartingAt = 0;
  const seen = await readUnderLoad(plan, async () => {
    await pause(1_000);
    await postgres.stop();
    stoppedAt = performance.now();
    await pause(2_000);
    restartingAt = performance.now();
    await postgres.start();
    await pause(1_500);
  });
  const after = await Promise.all(plan.creators.map((creator) => readOnce(server.url, plan.paths(creator.id)[0], creator.token)));

  expect(seen.filter((read) => read.status >= 500)).toEqual([]);
  expect(Math.max(...seen.map((read) => read.ms))).toBeLessThan(DEFAULT_CANDIDATE_BUDGET_MS + 500);
  // Sent within the outage, with a margin before its end for the read's own connection attempt.
  const during = seen.filter((read) => read.at > stoppedAt && read.at < restartingAt - 200);
  expect(during.length).toBeGreaterThan(0);
  expect(new Set(during.map((read) => read.readPath))).toEqual(new Set(["prisma-fallback"]));
  expect(after.map((read) => [read.status, read.readPath])).toEqual(plan.creators.map(() => [200, "prisma"]));
}, 120_000);
