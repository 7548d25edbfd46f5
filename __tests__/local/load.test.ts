/**
 * The load test in its short form (npm run bench:load runs the full one and measures throughput and
 * latency): a fixed number of mixed reads on the local read API, every one answered, with no error
 * and no non-2xx response. A fixed amount, not a duration: how much a busy machine gets through in
 * a given time is a benchmark's figure, not a test's.
 */
import { fetchSession, startDevServer } from "../../local/dev-server";
import { runLoad } from "../../local/load";
import { query, standardCreatorIds, testDatabaseUrl } from "../support/database";
import { flagFileSource } from "../support/local-read-path";

/** Ten connections, each cycling through the six mixed requests a few times. */
const AMOUNT = 10 * 6 * 3;

it("answers every request of a short mixed load, with no errors and only 2xx responses", async () => {
  const ids = (await standardCreatorIds()).slice(0, 4);
  const rows = await query(testDatabaseUrl(), "SELECT id, handle FROM creators WHERE id = ANY($1::uuid[])", [ids]);
  const server = await startDevServer({ port: 0, databaseUrl: testDatabaseUrl(), flags: flagFileSource({ enabled: true, mode: "percentage", percentage: 50 }), creators: rows.map((row) => ({ id: row.id, handle: row.handle })) });
  try {
    const creators = await fetchSession(server.url);

    const result = await runLoad({ url: server.url, creators, connections: 10, amount: AMOUNT });

    expect({ requests: result.requests, errors: result.errors, non2xx: result.non2xx }).toEqual({ requests: AMOUNT, errors: 0, non2xx: 0 });
  } finally {
    await server.close();
  }
}, 60_000);
