/**
 * `npm run db:seed`: loads the standard deterministic data set (database/seed.ts) into DATABASE_URL's
 * migrated database. It refuses, writing nothing, when that data is already there.
 */
import { seedDatabase, STANDARD_SEED } from "../database/seed";

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("db:seed: set DATABASE_URL to a migrated database (npm run db:migrate first)");
    return 2;
  }
  const started = performance.now();
  const summary = await seedDatabase(url, STANDARD_SEED);
  const { creators, fans, messages, transactions } = summary.rows;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded ${creators} creators, ${fans} fans, ${messages} messages, ${transactions} transactions in ${seconds} s.`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
