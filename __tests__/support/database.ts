import { randomBytes } from "node:crypto";
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
