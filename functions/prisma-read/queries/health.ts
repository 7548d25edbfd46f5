import type { ReadDatabase } from "./read-client";

/** One round trip to PostgreSQL: proves a connection can be had and a statement run. */
export async function checkDatabase(db: ReadDatabase): Promise<void> {
  await db.client.$queryRaw`SELECT 1`;
}
