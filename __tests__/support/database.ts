import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { query } from "../../database/query";

/** The test run's PostgreSQL server, migrated (see global-setup.ts). */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the tests with jest, whose global setup starts PostgreSQL");
  return url;
}

export { query };

/** An empty database of its own on the test server, for tests that migrate or break things. */
export async function freshDatabase(label: string): Promise<string> {
  const name = `test_${label}_${randomBytes(4).toString("hex")}`;
  await query(testDatabaseUrl(), `CREATE DATABASE "${name}"`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The ids of the standard seed's creators, in order (database/seed.ts: the first is the big one, the last is deleted). */
export async function standardCreatorIds(): Promise<string[]> {
  const rows = await query(testDatabaseUrl(), "SELECT id FROM creators WHERE handle LIKE 'creator-%' ORDER BY handle");
  return rows.map((row) => row.id);
}

/**
 * The test server's lock on migrating databases. Two of the migrations set a parameter on the
 * read-only role, and a role's settings belong to the whole server: two fresh databases migrated
 * at once (test files run in parallel) can fail one with "tuple concurrently updated". The
 * migrations' own advisory lock cannot prevent it, since it is taken in the database migrated.
 */
const MIGRATING_ON_THE_TEST_SERVER = 7_277_033;

/** Runs `work` while holding the test server's migration lock (see MIGRATING_ON_THE_TEST_SERVER). */
export async function whileMigrating<T>(work: () => Promise<T>): Promise<T> {
  const holder = new Client({ connectionString: testDatabaseUrl() });
  await holder.connect();
  try {
    await holder.query("SELECT pg_advisory_lock($1)", [MIGRATING_ON_THE_TEST_SERVER]);
    return await work();
  } finally {
    // Ending the session releases its advisory locks.
    await holder.end();
  }
}

/**
 * Holds the test server's migration lock from this file's first test to its last: for a file that
 * migrates fresh databases in its tests, including several at once to prove the migrations' own
 * lock. Such a file must not call whileMigrating too: the lock is held by another session.
 */
export function migratesDatabasesThroughout(): void {
  let holder: Client | undefined;
  beforeAll(async () => {
    holder = new Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock($1)", [MIGRATING_ON_THE_TEST_SERVER]);
  }, 300_000);
  afterAll(async () => {
    await holder?.end();
  });
}
