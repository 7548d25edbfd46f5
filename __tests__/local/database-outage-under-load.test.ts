/**
 * PostgreSQL stops and comes back while eight clients keep reading through the local control with
 * the flag at "all". No caller may see a 5xx or wait past the candidate's budget: the control serves
 * its own data while the candidate fails (prisma-fallback), and the candidate serves again once the
 * database is back.
 */
import type { ControlOutcome } from "../../functions/mock-read/control";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { query } from "../support/database";
import { flagFileSource, mark, pause, readOnce, readUnderLoad, waitFor, type LoadPlan } from "../support/local-read-path";
import { startControlledPostgres, type ControlledPostgres } from "../support/postgres-server";

let postgres: ControlledPostgres;
let server: DevServer;
let plan: LoadPlan;
const outcomes: ControlOutcome[] = [];

beforeAll(async () => {
  postgres = await startControlledPostgres();
  const rows = await query(postgres.url, "SELECT id, handle FROM creators WHERE deleted_at IS NULL ORDER BY handle LIMIT 4");
  server = await startDevServer({
    port: 0,
    databaseUrl: postgres.url,
    flags: flagFileSource({ enabled: true, mode: "all" }),
    creators: rows.map((row) => ({ id: row.id, handle: row.handle })),
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  plan = { serverUrl: server.url, creators: await fetchSession(server.url), clients: 8, paths: (id) => [`/creators/${id}/fans?limit=5`] };
}, 120_000);

afterAll(async () => {
  await server?.close();
  await postgres?.destroy();
}, 30_000);

it("keeps answering through a database outage, falling back while it lasts, and recovers after", async () => {
  // The outage is the stretch in which PostgreSQL is certainly down: from the moment its stop has
  // finished (reads sent while it stops may still be served) to the moment its start begins.
  let stopped = 0;
  let restarting = 0;
  const fallbacks = () => outcomes.filter((outcome) => outcome.servedBy === "prisma-fallback").length;
  const seen = await readUnderLoad(plan, async () => {
    await pause(1_000);
    await postgres.stop();
    stopped = mark();
    // Fallbacks counted from here on: reads fall back while PostgreSQL is still stopping, and a
    // busy machine can make that long. Of the fallbacks after the stop, each client has at most
    // one read sent before it; a client with three has a read sent after the stop and answered
    // before its third was served. So past twice the clients' count, some read lies wholly inside
    // the outage.
    const fallbacksBeforeStopped = fallbacks();
    await waitFor("the control serving reads while PostgreSQL is down", () => fallbacks() - fallbacksBeforeStopped > 2 * plan.clients);
    restarting = mark();
    const servedBefore = outcomes.length;
    await postgres.start();
    await waitFor("the candidate serving again", () => outcomes.slice(servedBefore).some((outcome) => outcome.servedBy === "prisma"));
  });
  const after = await Promise.all(plan.creators.map((creator) => readOnce(server.url, plan.paths(creator.id)[0], creator.token)));

  expect(seen.filter((read) => read.status >= 500)).toEqual([]);
  // The candidate gave up on the missing database by itself, each time before the control's budget ran out.
  const failures = outcomes.flatMap((outcome) => (outcome.candidateFailure ? [outcome.candidateFailure] : []));
  expect(new Set(failures.map(({ reason, detail }) => `${reason}: ${detail}`))).toEqual(new Set(["server-error: status 503"]));
  const during = seen.filter((read) => read.sent > stopped && read.answered < restarting);
  expect(during.length).toBeGreaterThan(0);
  expect(new Set(during.map((read) => read.readPath))).toEqual(new Set(["prisma-fallback"]));
  expect(after.map((read) => [read.status, read.readPath])).toEqual(plan.creators.map(() => [200, "prisma"]));
}, 120_000);
