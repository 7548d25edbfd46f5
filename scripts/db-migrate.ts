/**
 * `npm run db:migrate`: applies the migrations in prisma/migrations that DATABASE_URL's database
 * lacks, under an advisory lock, with Prisma's wasm schema engine (no native engine needed).
 */
import { join } from "node:path";
import { applyMigrations, projectMigrationPaths } from "../database/migrations";

const ROOT = join(__dirname, "..");

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("db:migrate: set DATABASE_URL to the database to migrate (postgresql://user:password@host:5432/db)");
    return 2;
  }
  const applied = await applyMigrations(url, projectMigrationPaths(ROOT));
  console.log(applied.length === 0 ? "Database is up to date." : `Applied ${applied.length}: ${applied.join(", ")}`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
