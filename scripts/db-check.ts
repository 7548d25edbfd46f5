/**
 * `npm run db:check`: fails when schema.prisma and prisma/migrations have drifted apart. The
 * migrations are replayed on a shadow database on DATABASE_URL's server (or on a throwaway embedded
 * PostgreSQL) and compared with the schema; the last migration's snapshot is compared too.
 */
import { join } from "node:path";
import { exitAfterOutput } from "./exit-after-output";
import { startEmbeddedPostgres } from "../database/embedded-postgres";
import { checkMigrations, projectMigrationPaths } from "../database/migrations";

const ROOT = join(__dirname, "..");
const PATHS = projectMigrationPaths(ROOT);

async function main(): Promise<number> {
  const throwaway = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const url = process.env.DATABASE_URL ?? throwaway!.url;
  try {
    const problems = await checkMigrations(url, PATHS);
    for (const problem of problems) console.error(`db:check: ${problem}`);
    if (problems.length === 0) console.log("schema.prisma and prisma/migrations agree.");
    return problems.length === 0 ? 0 : 1;
  } finally {
    await throwaway?.destroy();
  }
}

main().then(exitAfterOutput, (error: unknown) => {
  console.error(`db:check failed: ${error instanceof Error ? error.message : String(error)}`);
  exitAfterOutput(1);
});
