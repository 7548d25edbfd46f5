/**
 * The load test in its short form (npm run bench:load runs the full one): a mixed read load on the
 * local read API answers every request, with no error and no non-2xx response.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchSession, startDevServer } from "../../local/dev-server";
import { runLoad } from "../../local/load";
import { query, standardCreatorIds, testDatabaseUrl } from "../support/database";
import { LocalFlagSource } from "../../local/local-flag-source";

it("serves a short mixed load with no errors and only 2xx responses", async () => {
  const folder = mkdtempSync(join(tmpdir(), "load-"));
  const flagFile = join(folder, "flag.json");
  writeFileSync(flagFile, JSON.stringify({ prismaRead: { enabled: true, mode: "percentage", percentage: 50 } }));
  const ids = (await standardCreatorIds()).slice(0, 4);
  const rows = await query(testDatabaseUrl(), "SELECT id, handle FROM creators WHERE id = ANY($1::uuid[])", [ids]);
  const server = await startDevServer({ port: 0, databaseUrl: testDatabaseUrl(), flags: new LocalFlagSource(flagFile), creators: rows.map((row) => ({ id: row.id, handle: row.handle })) });
  try {
    const creators = await fetchSession(server.url);

    const result = await runLoad({ url: server.url, creators, connections: 10, durationSeconds: 2 });

    expect(result.requests).toBeGreaterThan(100);
    expect({ errors: result.errors, non2xx: result.non2xx }).toEqual({ errors: 0, non2xx: 0 });
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}, 60_000);
