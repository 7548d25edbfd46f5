/**
 * The candidate failing under load: a bad migration renames a table the candidate reads while eight
 * clients read through the local control with the flag at "all". Every candidate answer is then a
 * 500; no caller may see one: the control serves each read from its own data, and hands reads to
 * the candidate again once the migration is rolled back.
 */
import type { ControlOutcome } from "../../functions/mock-read/control";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { query } from "../support/database";
import { flagFileSource, mark, pause, readOnce, readUnderLoad, seededDatabaseOfItsOwn, waitFor, type LoadPlan } from "../support/local-read-path";

let databaseUrl: string;
let server: DevServer;
let plan: LoadPlan;
const outcomes: ControlOutcome[] = [];

beforeAll(async () => {
  const database = await seededDatabaseOfItsOwn("failing");
  databaseUrl = database.url;
  server = await startDevServer({
    port: 0,
    databaseUrl,
    flags: flagFileSource({ enabled: true, mode: "all" }),
    creators: database.creators,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  plan = { serverUrl: server.url, creators: await fetchSession(server.url), clients: 8, paths: (id) => [`/creators/${id}/fans?limit=5`, `/creators/${id}`] };
}, 120_000);

afterAll(() => server?.close(), 30_000);

it("serves every read from the control while a bad migration breaks the candidate, and the candidate again after the rollback", async () => {
  let broken = 0;
  let repairing = 0;
  const bodies: unknown[] = [];
  const seen = await readUnderLoad(plan, async () => {
    await pause(500);
    await query(databaseUrl, "ALTER TABLE fans RENAME TO fans_renamed_by_a_bad_migration");
    broken = mark();
    const [creator] = plan.creators;
    const during = await fetch(`${server.url}/creators/${creator.id}/fans?limit=5`, { headers: { authorization: `Bearer ${creator.token}` } });
    bodies.push({ status: during.status, readPath: during.headers.get("x-read-path"), body: await during.json() });
    // Each client has at most one read sent before the break and one answered after the next mark:
    // past twice the clients' count (and the read above), some read lies wholly inside the break.
    const fallbacks = () => outcomes.filter((outcome) => outcome.servedBy === "prisma-fallback").length;
    await waitFor("the control serving reads the broken candidate failed", () => fallbacks() > 2 * plan.clients + 1);
    // Marked before the rollback is sent: a read may meet the repaired table before its query returns here.
    repairing = mark();
    await query(databaseUrl, "ALTER TABLE fans_renamed_by_a_bad_migration RENAME TO fans");
    await pause(500);
  });
  const after = await readOnce(server.url, plan.paths(plan.creators[0].id)[0], plan.creators[0].token);

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  // Sent once the table was gone and answered before the rollback began: each met the broken candidate.
  const broke = seen.filter((read) => read.sent > broken && read.answered < repairing);
  expect(broke.length).toBeGreaterThan(0);
  expect(new Set(broke.map((read) => read.readPath))).toEqual(new Set(["prisma-fallback"]));
  // The caller got the control's page, not the candidate's error.
  expect(bodies).toEqual([{ status: 200, readPath: "prisma-fallback", body: { items: expect.any(Array), nextCursor: expect.anything() } }]);
  const failures = outcomes.flatMap((outcome) => (outcome.candidateFailure ? [outcome.candidateFailure] : []));
  expect(new Set(failures.map(({ reason, detail }) => `${reason}: ${detail}`))).toEqual(new Set(["server-error: status 500"]));
  expect([after.status, after.readPath]).toEqual([200, "prisma"]);
}, 60_000);
