/**
 * Faults while the local read API is under load: PostgreSQL stops and comes back while eight clients
 * keep reading through the control with the flag at "all". No caller may see a 5xx or wait past the
 * candidate's budget: the control serves its own data while the candidate fails (prisma-fallback),
 * and the candidate serves again once the database is back.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { query } from "../support/database";
import { startControlledPostgres, type ControlledPostgres } from "../support/postgres-server";

interface Observation {
  readonly at: number;
  readonly status: number;
  readonly readPath: string | null;
  readonly ms: number;
}

let postgres: ControlledPostgres;
let server: DevServer;
let creators: Array<{ id: string; token: string }>;
const folder = mkdtempSync(join(tmpdir(), "faults-"));

beforeAll(async () => {
  postgres = await startControlledPostgres();
  const flagFile = join(folder, "flag.json");
  writeFileSync(flagFile, JSON.stringify({ prismaRead: { enabled: true, mode: "all" } }));
  const rows = await query(postgres.url, "SELECT id, handle FROM creators WHERE deleted_at IS NULL ORDER BY handle LIMIT 4");
  server = await startDevServer({ port: 0, databaseUrl: postgres.url, flagFile, creators: rows.map((row) => ({ id: row.id, handle: row.handle })) });
  creators = await fetchSession(server.url);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await postgres?.destroy();
  rmSync(folder, { recursive: true, force: true });
});

async function read(index: number): Promise<Observation> {
  const creator = creators[index % creators.length];
  const started = performance.now();
  const response = await fetch(`${server.url}/creators/${creator.id}/fans?limit=5`, { headers: { authorization: `Bearer ${creator.token}` } });
  await response.arrayBuffer();
  return { at: started, status: response.status, readPath: response.headers.get("x-read-path"), ms: performance.now() - started };
}

it("keeps answering through a database outage, falling back while it lasts, and recovers after", async () => {
  const observations: Observation[] = [];
  let loading = true;
  const clients = Array.from({ length: 8 }, async (_, client) => {
    for (let turn = 0; loading; turn += 1) observations.push(await read(client + turn));
  });

  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const stoppedAt = performance.now();
  await postgres.stop();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await postgres.start();
  const restartedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  loading = false;
  await Promise.all(clients);
  const after = await Promise.all(creators.map((_, index) => read(index)));

  expect(observations.filter((seen) => seen.status >= 500)).toEqual([]);
  // The candidate's connect (2 s) and statement (3 s) timeouts bound any wait.
  expect(Math.max(...observations.map((seen) => seen.ms))).toBeLessThan(6_000);
  const during = observations.filter((seen) => seen.at > stoppedAt + 200 && seen.at < restartedAt - 200);
  expect(during.length).toBeGreaterThan(0);
  expect(new Set(during.map((seen) => seen.readPath))).toEqual(new Set(["prisma-fallback"]));
  expect(after.map((seen) => [seen.status, seen.readPath])).toEqual(creators.map(() => [200, "prisma"]));
}, 120_000);
