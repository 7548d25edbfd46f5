/**
 * The load test in its short form (npm run bench:load runs the full one): a mixed read load on the
 * local read API answers every request, with no error and no non-2xx response.
 */
import { fetchSession, startDevServer } from "../../local/dev-server";
import { runLoad } from "../../local/load";
import { query, standardCreatorIds, testDatabaseUrl } from "../support/database";
import { flagFileSource } from "../support/local-read-path";

it("serves a short mixed load with no errors and only 2xx responses", async () => {
  const ids = (await standardCreatorIds()).slice(0, 4);
  const rows = await query(testDatabaseUrl(), "SELECT id, handle FROM creators WHERE id = ANY($1::uuid[])", [ids]);
  const server = await startDevServer({ port: 0, databaseUrl: testDatabaseUrl(), flags: flagFileSource({ enabled: true, mode: "percentage", percentage: 50 }), creators: rows.map((row) => ({ id: row.id, handle: row.handle })) });
  try {
    const creators = await fetchSession(server.url);

    const result = await runLoad({ url: server.url, creators, connections: 10, durationSeconds: 2 });

    // How many requests 2 s holds depends on how busy the machine is (bench:load measures that);
    // that every connection got answers does not.
    expect(result.requests).toBeGreaterThanOrEqual(10);
    expect({ errors: result.errors, non2xx: result.non2xx }).toEqual({ errors: 0, non2xx: 0 });
  } finally {
    await server.close();
  }
}, 60_000);
