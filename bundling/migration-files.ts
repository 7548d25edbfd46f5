import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { SCHEMA_ENGINE_GLUE_MODULE, SCHEMA_ENGINE_WASM_FILE } from "../database/schema-engine-file";

/** The migration SQL file of each migration folder (database/migrations.ts). */
const MIGRATION_FILE = "migration.sql";
const LOCK_FILE = "migration_lock.toml";

/**
 * What the migrator's zip carries beside index.mjs, by their path in the zip: Prisma's schema engine
 * as a WebAssembly file (the bundle cannot import it), the schema, and every migration's SQL in
 * Prisma's layout (`prisma/migrations/<folder>/migration.sql`), where the handler reads them as
 * `projectMigrationPaths(LAMBDA_TASK_ROOT)`. The schema snapshots stay out: applying needs none.
 */
export function migratorFiles(projectRoot: string): Record<string, string> {
  const migrationsDir = join(projectRoot, "prisma", "migrations");
  const folders = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (folders.length === 0) throw new Error(`bundling db-migrator: ${migrationsDir} holds no migration`);
  const files: Record<string, string> = {
    [SCHEMA_ENGINE_WASM_FILE]: createRequire(join(projectRoot, "package.json")).resolve(SCHEMA_ENGINE_GLUE_MODULE).replace(/\.js$/, ".wasm"),
    "prisma/schema.prisma": join(projectRoot, "prisma", "schema.prisma"),
  };
  if (existsSync(join(migrationsDir, LOCK_FILE))) files[`prisma/migrations/${LOCK_FILE}`] = join(migrationsDir, LOCK_FILE);
  for (const folder of folders) {
    const sql = join(migrationsDir, folder, MIGRATION_FILE);
    // A folder without its SQL would be refused by the engine at run time: refuse it at build instead.
    if (!existsSync(sql)) throw new Error(`bundling db-migrator: migration ${folder} has no ${MIGRATION_FILE}`);
    files[`prisma/migrations/${folder}/${MIGRATION_FILE}`] = sql;
  }
  return files;
}
