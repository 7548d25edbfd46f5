import { cachedRead, centsToNumber, isoOrNull, type ReadDatabase } from "./read-client";

export const PROFILE_REVENUE_DAYS = 30;

export interface CreatorProfile {
  readonly id: string;
  readonly handle: string;
  readonly displayName: string;
  readonly createdAt: string;
  /** Fans neither unsubscribed nor deleted. */
  readonly activeFanCount: number;
  /** Revenue of the last 30 days, per currency (amounts of different currencies are never added). */
  readonly revenueLast30Days: Array<{ readonly currency: string; readonly amountCents: number }>;
}

/** True when the creator exists and is not soft-deleted. One statement. */
export async function creatorExists(db: ReadDatabase, creatorId: string): Promise<boolean> {
  const creator = await db.client.creator.findFirst({ where: { id: creatorId, deletedAt: null }, select: { id: true } });
  return creator !== null;
}

/**
 * A creator's profile with two statements: the profile with its active-fan count (one query, the
 * count a correlated aggregate), and the revenue summed per currency in SQL. The two run in one
 * REPEATABLE READ transaction so the count and the revenue describe the same moment. Under
 * Accelerate they are cached reads instead, which by design may be up to `ttl` seconds old.
 */
export async function findCreatorProfile(db: ReadDatabase, creatorId: string, now: Date): Promise<CreatorProfile | null> {
  const since = new Date(now.getTime() - PROFILE_REVENUE_DAYS * 24 * 3600 * 1000);
  const profileQuery = db.client.creator.findFirst(cachedRead(db, {
    where: { id: creatorId, deletedAt: null },
    select: {
      id: true,
      handle: true,
      displayName: true,
      createdAt: true,
      _count: { select: { fans: { where: { deletedAt: null, unsubscribedAt: null } } } },
    },
  }));
  const revenueQuery = db.client.transaction.groupBy(cachedRead(db, {
    by: ["currency"],
    where: { creatorId, occurredAt: { gte: since, lte: now } },
    _sum: { amountCents: true },
    orderBy: { currency: "asc" },
  }));
  const [profile, revenue] = db.hotReadCache
    ? await Promise.all([profileQuery, revenueQuery])
    : await db.client.$transaction([profileQuery, revenueQuery], { isolationLevel: "RepeatableRead" });
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
