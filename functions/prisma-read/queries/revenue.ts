import type { RevenueBucket, RevenueRequest } from "../../read-api/read-source";
import { centsToNumber, type ReadDatabase } from "./read-client";

/**
 * Revenue per period and currency, aggregated in PostgreSQL (one statement, an index-only range
 * scan of transactions_creator_time_idx): the rows never travel to the function. Periods are UTC
 * days or months; periods without revenue are absent, and so is a deleted creator's revenue.
 */
export async function revenueByPeriod(db: ReadDatabase, request: RevenueRequest): Promise<RevenueBucket[]> {
  const rows = await db.client.$queryRaw<Array<{ period_start: Date; currency: string; amount_cents: bigint; transactions: number }>>`
    SELECT date_trunc(${request.granularity}::text, occurred_at, 'UTC') AS period_start,
           currency,
           SUM(amount_cents)::bigint AS amount_cents,
           COUNT(*)::int AS transactions
      FROM transactions
     WHERE creator_id = ${request.creatorId}::uuid
       AND occurred_at >= ${request.from}
       AND occurred_at < ${request.to}
       AND EXISTS (SELECT 1 FROM creators c WHERE c.id = creator_id AND c.deleted_at IS NULL)
     GROUP BY 1, 2
     ORDER BY 1, 2`;
  return rows.map((row) => ({
    periodStart: new Date(row.period_start).toISOString(),
    currency: row.currency,
    amountCents: centsToNumber(row.amount_cents),
    transactions: row.transactions,
  }));
}
