import { Client } from "pg";

/** Runs one statement on its own connection and returns the rows: for scripts and tests, not handlers. */
export async function query(url: string, sql: string, parameters: unknown[] = []): Promise<Array<Record<string, any>>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows;
  } finally {
    await client.end();
  }
}
