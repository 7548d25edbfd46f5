import { PROFILE_REVENUE_DAYS, type CreatorProfile } from "../../read-api/read-source";
import { cachedRead, centsToNumber, isoOrNull, type ReadDatabase } from "./read-client";

/** True when the creator exists and is not soft-deleted. One statement. */
export async function creatorExists(db: ReadDatabase, creatorId: string): Promise<boolean> {
  const creator = await db.client.creator.findFirst({ where: { id: creatorId, deletedAt: null }, select: { id: true } });
  return creator !== null;
}

/**
 * A creator's profile: the creator, its active-fan count and its revenue of the last 30 days.
 *
 * The count and the revenue must describe the same moment. On PostgreSQL they are read by one
 * statement, and a statement sees one snapshot: that is the agreement a REPEATABLE READ transaction
 * of two statements would give, for one round trip instead of five (BEGIN, SET TRANSACTION, two
 * reads, COMMIT). Under Accelerate they are two cached model reads instead (Accelerate caches model
 * queries, not raw SQL), which by design may be up to `ttl` seconds old.
 */
export async function findCreatorProfile(db: ReadDatabase, creatorId: string, now: Date): Promise<CreatorProfile | null> {
  const since = new Date(now.getTime() - PROFILE_REVENUE_DAYS * 24 * 3600 * 1000);
  return db.hotReadCache ? cachedProfile(db, creatorId, since, now) : snapshotProfile(db, creatorId, since, now);
}

interface ProfileRow {
  readonly id: string;
  readonly handle: string;
  readonly display_name: string;
  readonly created_at: Date;
  readonly active_fan_count: number;
  /** Sums as text: JSON numbers would lose cents above 2^53. */
  readonly revenue: Array<{ readonly currency: string; readonly amount_cents: string }>;
}

/** One statement, so one snapshot; its subqueries scan fans_creator_page_idx and transactions_creator_time_idx. */
async function snapshotProfile(db: ReadDatabase, creatorId: string, since: Date, now: Date): Promise<CreatorProfile | null> {
  const [row] = await db.client.$queryRaw<ProfileRow[]>`
    SELECT c.id, c.handle, c.display_name, c.created_at,
           (SELECT count(*)::int
              FROM fans f
             WHERE f.creator_id = c.id AND f.deleted_at IS NULL AND f.unsubscribed_at IS NULL) AS active_fan_count,
           (SELECT coalesce(json_agg(json_build_object('currency', r.currency, 'amount_cents', r.amount_cents::text)
                                     ORDER BY r.currency), '[]'::json)
              FROM (SELECT t.currency, sum(t.amount_cents) AS amount_cents
                      FROM transactions t
                     WHERE t.creator_id = c.id AND t.occurred_at >= ${since} AND t.occurred_at <= ${now}
                     GROUP BY t.currency) r) AS revenue
      FROM creators c
     WHERE c.id = ${creatorId}::uuid AND c.deleted_at IS NULL`;
  if (!row) return null;
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    createdAt: isoOrNull(new Date(row.created_at))!,
    activeFanCount: row.active_fan_count,
    revenueLast30Days: row.revenue.map((sum) => ({ currency: sum.currency, amountCents: centsToNumber(BigInt(sum.amount_cents)) })),
  };
}

/** Two model reads that Accelerate can cache (at most 2 statements when they miss the cache). */
async function cachedProfile(db: ReadDatabase, creatorId: string, since: Date, now: Date): Promise<CreatorProfile | null> {
  const [profile, revenue] = await Promise.all([
    db.client.creator.findFirst(cachedRead(db, {
      where: { id: creatorId, deletedAt: null },
      select: {
        id: true,
        handle: true,
        displayName: true,
        createdAt: true,
        _count: { select: { fans: { where: { deletedAt: null, unsubscribedAt: null } } } },
      },
    })),
    db.client.transaction.groupBy(cachedRead(db, {
      by: ["currency"],
      where: { creatorId, occurredAt: { gte: since, lte: now } },
      _sum: { amountCents: true },
      orderBy: { currency: "asc" },
    })),
  ]);
  if (!profile) return null;
  return {
    id: profile.id,
    handle: profile.handle,
    displayName: profile.displayName,
    createdAt: isoOrNull(profile.createdAt)!,
    activeFanCount: profile._count.fans,
    revenueLast30Days: revenue.map((row) => ({ currency: row.currency, amountCents: centsToNumber(row._sum.amountCents) })),
  };
}
