/**
 * `npm run db:explain -- "/creators/<id>/fans?tier=VIP"`: serves one request with prisma-read's
 * handler logic against DATABASE_URL, as the creator in the path, and prints the PostgreSQL plan of
 * every statement Prisma sent (database/explain.ts). For checking a query change against the
 * indexes before a test or a review does.
 */
import { handleReadRequest } from "../functions/prisma-read/api/read-api";
import { openReadClient, type QueryEvent } from "../functions/prisma-read/connection/read-client-factory";
import { readDatabaseSettings } from "../functions/prisma-read/connection/settings";
import { explainStatements } from "../database/explain";
import { proxyEvent } from "./lib/proxy-event";

const USAGE = 'usage: DATABASE_URL=postgresql://… npm run db:explain -- "/creators/<creatorId>/fans?limit=20"';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  const [request] = process.argv.slice(2);
  if (!url || !request?.startsWith("/")) {
    console.error(USAGE);
    return 2;
  }
  const caller = /^\/creators\/([^/?]+)/.exec(request)?.[1];
  const statements: QueryEvent[] = [];
  const database = openReadClient(readDatabaseSettings({ DATABASE_URL: url }), { onQuery: (event) => statements.push(event) });
  try {
    const response = await handleReadRequest(proxyEvent(request, { caller }), { db: database, clock: () => new Date() });
    console.log(`GET ${request} → ${response.statusCode}${caller ? ` (as creator ${caller})` : ""}`);
    const plans = await explainStatements(url, statements);
    for (const [index, plan] of plans.entries()) {
      console.log(`\n-- statement ${index + 1} of ${plans.length}`);
      console.log(plan.query.trim());
      console.log(`\n${plan.text}`);
      console.log(`\nindexes: ${plan.indexes.join(", ") || "none"}; sequential scans: ${plan.sequentialScans.join(", ") || "none"}`);
    }
    return response.statusCode < 400 ? 0 : 1;
  } finally {
    await database.disconnect();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`db:explain failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
