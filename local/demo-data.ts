import { applyMigrations, projectMigrationPaths } from "../database/migrations";
import { query } from "../database/query";
import { DEMO_SEED, seedDatabase } from "../database/seed";

export interface DemoCreator {
  readonly id: string;
  readonly handle: string;
}

/**
 * Brings a database to what the local server serves: every migration applied and the demo data
 * loaded (once: a database that has it keeps it). Returns the demo creators that are not deleted.
 */
export async function prepareDemoData(databaseUrl: string, projectRoot: string, onLoading: () => void = () => undefined): Promise<DemoCreator[]> {
  await applyMigrations(databaseUrl, projectMigrationPaths(projectRoot));
  const prefix = `${DEMO_SEED.handlePrefix}-%`;
  const [{ loaded }] = await query(databaseUrl, "SELECT count(*)::int AS loaded FROM creators WHERE handle LIKE $1", [prefix]);
  if (loaded === 0) {
    onLoading();
    await seedDatabase(databaseUrl, DEMO_SEED);
  }
  const rows = await query(databaseUrl, "SELECT id, handle FROM creators WHERE handle LIKE $1 AND deleted_at IS NULL ORDER BY handle", [prefix]);
  return rows.map((row) => ({ id: String(row.id), handle: String(row.handle) }));
}
