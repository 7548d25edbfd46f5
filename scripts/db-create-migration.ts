/**
 * `npm run db:migration:create -- <name>`: writes prisma/migrations/<timestamp>_<name>/ with the
 * SQL that takes the last migration's schema to the current prisma/schema.prisma, and a snapshot
 * of that schema. Both sides of the diff are schema files, but the engine still opens a connection:
 * without DATABASE_URL it gets a throwaway embedded PostgreSQL.
 */
import { join } from "node:path";
import { exitAfterOutput } from "./exit-after-output";
import { startEmbeddedPostgres } from "../database/embedded-postgres";
import { createMigration, projectMigrationPaths } from "../database/migrations";

const ROOT = join(__dirname, "..");

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name) {
    console.error("usage: npm run db:migration:create -- <name>   (a-z, 0-9 and _)");
    return 2;
  }
  const throwaway = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  let folder: string | undefined;
  try {
    folder = await createMigration(process.env.DATABASE_URL ?? throwaway!.url, projectMigrationPaths(ROOT), name);
  } finally {
    await throwaway?.destroy();
  }
  console.log(folder ? `Created prisma/migrations/${folder}` : "schema.prisma has not changed since the last migration: nothing to create.");
  return 0;
}

main().then(exitAfterOutput, (error: unknown) => {
  console.error(`db:migration:create failed: ${error instanceof Error ? error.message : String(error)}`);
  exitAfterOutput(1);
});
