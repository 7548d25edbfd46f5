import type { PrismaClient } from "../../../prisma/generated/client/client";

/** The Prisma client every query runs on: on @prisma/adapter-pg, or on Prisma Accelerate. */
export type ReadClient = PrismaClient;

/**
 * How long Accelerate may serve a hot read from its cache: `ttl` seconds fresh, then `swr` more
 * seconds stale while it refreshes. Absent without Accelerate, where every read hits PostgreSQL.
 */
export interface HotReadCache {
  readonly ttl: number;
  readonly swr: number;
}

/** The query layer's dependencies, passed in so tests run it on a real database without AWS. */
export interface ReadDatabase {
  readonly client: ReadClient;
  readonly hotReadCache?: HotReadCache;
}

/**
 * A read's arguments with Accelerate's `cacheStrategy` added when Accelerate is in use. The plain
 * client's types have no such argument (and would reject it at run time), so it is added here only.
 */
export function cachedRead<Args extends object>(db: ReadDatabase, args: Args): Args {
  return db.hotReadCache ? ({ ...args, cacheStrategy: db.hotReadCache } as Args) : args;
}

/** Milliseconds-precision ISO timestamps, as the API returns every date. */
export function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

/** Sums of cents come back as bigint; they are returned as JSON numbers, exact below 2^53 cents. */
export function centsToNumber(cents: bigint | number | null): number {
  const value = Number(cents ?? 0);
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount of ${cents} cents is too large to return exactly`);
  return value;
}
