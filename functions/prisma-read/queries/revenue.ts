import type { RevenueBucket, RevenueRequest } from "../../read-api/read-source";
import { centsToNumber, type ReadDatabase } from "./read-client";

/** A period's length as PostgreSQL's interval. */
const PERIOD_INTERVAL = { day: "1 day", month: "1 month" } as const;

/**
 * Revenue per period and currency, aggregated in PostgreSQL (one statement): the rows never travel
 * to the function. Periods are UTC days or months; the first is the one `from` falls in, and each is
 * cut to [from, to). Periods without revenue are absent, and so is a deleted creator's revenue.
 *
 * The periods are made first (generate_series, at most 367 of them: see MAX_REVENUE_DAYS) and each
 * is summed from its own index-only range scan of transactions_creator_time_idx. Truncating every
 * transaction's time to its period instead (date_trunc per row, then sorting by it) costs over
 * twice as much for a year by month (docs/decisions.md). The
 * time-zone arguments of generate_series and date_add (PostgreSQL 16+) keep the periods in UTC
 * whatever the session's TimeZone. PostgreSQL guesses 1,000 periods, so it estimates the statement
 * far above its cost; the read role plans without JIT compilation (migration reader_without_jit),
 * which that estimate would otherwise set off on every call for a big creator.
 */
export async function revenueByPeriod(db: ReadDatabase, request: RevenueRequest): Promise<RevenueBucket[]> {
  const period = PERIOD_INTERVAL[request.granularity];
  const rows = await db.client.$queryRaw<Array<{ period_start: Date; currency: string; amount_cents: bigint; transactions: number }>>`
    SELECT p.period_start,
           t.currency,
           SUM(t.amount_cents)::bigint AS amount_cents,
           COUNT(*)::int AS transactions
      FROM creators c
     CROSS JOIN generate_series(date_trunc(${request.granularity}::text, ${request.from}::timestamptz, 'UTC'),
                                ${request.to}::timestamptz - interval '1 microsecond',
                                ${period}::interval, 'UTC') AS p(period_start)
      JOIN transactions t
        ON t.creator_id = c.id
       AND t.occurred_at >= greatest(p.period_start, ${request.from}::timestamptz)
       AND t.occurred_at < least(date_add(p.period_start, ${period}::interval, 'UTC'), ${request.to}::timestamptz)
     WHERE c.id = ${request.creatorId}::uuid
       AND c.deleted_at IS NULL
     GROUP BY 1, 2
     ORDER BY 1, 2`;
  return rows.map((row) => ({
    periodStart: new Date(row.period_start).toISOString(),
    currency: row.currency,
    amountCents: centsToNumber(row.amount_cents),
    transactions: row.transactions,
  }));
}
