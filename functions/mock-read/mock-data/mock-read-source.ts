import { createHash } from "node:crypto";
import { toPage, type KeysetPosition } from "../../read-api/pagination";
import {
  FAN_TIERS,
  fanListing,
  messageListing,
  PROFILE_REVENUE_DAYS,
  type CreatorProfile,
  type FanSummary,
  type MessageItem,
  type ReadSource,
  type RevenueBucket,
  type RevenueRequest,
} from "../../read-api/read-source";

const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;
/** Every mock creator joined within the year before this instant. */
const MOCK_EPOCH = Date.UTC(2026, 0, 1);

/** A number from 0 to 2^32 - 1 determined by the parts: the same on every machine and every run. */
function hashOf(...parts: Array<string | number>): number {
  return createHash("sha256").update(parts.join("\u0000")).digest().readUInt32BE(0);
}

/** A UUID-shaped id determined by the parts. */
function idOf(...parts: Array<string | number>): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Newest first, the id breaking ties: the order both sources page in. */
function newestFirst<Row extends { at: Date; id: string }>(a: Row, b: Row): number {
  return b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function after<Row extends { at: Date; id: string }>(rows: readonly Row[], position: KeysetPosition | undefined): Row[] {
  if (!position) return [...rows];
  return rows.filter((row) => row.at < position.at || (row.at.getTime() === position.at.getTime() && row.id < position.id));
}

interface MockFan extends FanSummary {
  readonly at: Date;
}

function creatorJoined(creatorId: string): number {
  return MOCK_EPOCH - (hashOf(creatorId, "joined") % 365) * DAY_MS;
}

/** The creator's fans, generated in full (30 to 199 of them), newest subscription first. */
function fansOf(creatorId: string): MockFan[] {
  const joined = creatorJoined(creatorId);
  const count = 30 + (hashOf(creatorId, "fans") % 170);
  const fans: MockFan[] = [];
  for (let index = 0; index < count; index += 1) {
    const at = new Date(joined + (hashOf(creatorId, index, "subscribed") % 360) * DAY_MS + (hashOf(creatorId, index, "hour") % 24) * HOUR_MS);
    const unsubscribed = hashOf(creatorId, index, "left") % 10 === 0;
    fans.push({
      id: idOf(creatorId, "fan", index),
      displayName: `Fan ${index + 1}`,
      tier: FAN_TIERS[hashOf(creatorId, index, "tier") % FAN_TIERS.length],
      lifetimeValueCents: hashOf(creatorId, index, "value") % 100_000,
      subscribedAt: at.toISOString(),
      unsubscribedAt: unsubscribed ? new Date(at.getTime() + 30 * DAY_MS).toISOString() : null,
      at,
    });
  }
  return fans.sort(newestFirst);
}

/** One day's revenue in USD, or none (about a third of days have none). */
function dayRevenue(creatorId: string, day: number): { amountCents: number; transactions: number } | undefined {
  if (hashOf(creatorId, day, "paid") % 3 === 0) return undefined;
  return { amountCents: 500 + (hashOf(creatorId, day, "amount") % 20_000), transactions: 1 + (hashOf(creatorId, day, "count") % 5) };
}

function periodStart(day: number, granularity: RevenueRequest["granularity"]): number {
  if (granularity === "day") return day;
  const date = new Date(day);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/**
 * The control's own data: what it serves while the flag keeps a creator off the candidate, or when
 * the candidate fails. Generated from the creator's id alone, so every container, every run and
 * every page of a walk agree, and pagination, filters and limits behave as on PostgreSQL. Every
 * well-formed creator id exists here and nothing is ever deleted; revenue is in USD, per UTC day.
 */
export function mockReadSource(): ReadSource {
  const toItem = ({ at: _at, ...fan }: MockFan): FanSummary => fan;
  const revenue = (request: RevenueRequest): RevenueBucket[] => {
    const buckets = new Map<number, RevenueBucket>();
    const first = Math.ceil(request.from.getTime() / DAY_MS) * DAY_MS;
    for (let day = first; day < request.to.getTime(); day += DAY_MS) {
      const paid = dayRevenue(request.creatorId, day);
      if (!paid) continue;
      const start = periodStart(day, request.granularity);
      const sum = buckets.get(start);
      buckets.set(start, {
        periodStart: new Date(start).toISOString(),
        currency: "USD",
        amountCents: (sum?.amountCents ?? 0) + paid.amountCents,
        transactions: (sum?.transactions ?? 0) + paid.transactions,
      });
    }
    return [...buckets.entries()].sort(([a], [b]) => a - b).map(([, bucket]) => bucket);
  };

  return {
    checkHealth: async () => undefined,
    creatorExists: async () => true,
    findCreatorProfile: async (creatorId, now): Promise<CreatorProfile> => {
      const lastDays = revenue({ creatorId, from: new Date(now.getTime() - PROFILE_REVENUE_DAYS * DAY_MS), to: now, granularity: "month" });
      const total = lastDays.reduce((sum, bucket) => sum + bucket.amountCents, 0);
      return {
        id: creatorId,
        handle: `creator-${creatorId.slice(0, 8)}`,
        displayName: `Creator ${creatorId.slice(0, 8)}`,
        createdAt: new Date(creatorJoined(creatorId)).toISOString(),
        activeFanCount: fansOf(creatorId).filter((fan) => fan.unsubscribedAt === null).length,
        revenueLast30Days: total > 0 ? [{ currency: "USD", amountCents: total }] : [],
      };
    },
    listFans: async (request) => {
      const fans = fansOf(request.creatorId).filter((fan) => request.tier === undefined || fan.tier === request.tier);
      const rows = after(fans, request.after).slice(0, request.limit + 1);
      return toPage(rows, request.limit, fanListing(request.creatorId, request.tier), (fan) => ({ at: fan.at, id: fan.id }), toItem);
    },
    fanExists: async (creatorId, fanId) => fansOf(creatorId).some((fan) => fan.id === fanId),
    listMessages: async (request) => {
      const fan = fansOf(request.creatorId).find((candidate) => candidate.id === request.fanId);
      if (!fan) return { items: [], nextCursor: null };
      const count = 3 + (hashOf(request.fanId, "messages") % 25);
      const messages = Array.from({ length: count }, (_, index) => ({
        id: idOf(request.fanId, "message", index),
        at: new Date(fan.at.getTime() + (index + 1) * HOUR_MS),
      })).sort(newestFirst);
      const rows = after(messages, request.after).slice(0, request.limit + 1);
      return toPage(
        rows,
        request.limit,
        messageListing(request.creatorId, request.fanId),
        (message) => message,
        (message): MessageItem => ({
          id: message.id,
          direction: hashOf(message.id, "direction") % 2 === 0 ? "CREATOR_TO_FAN" : "FAN_TO_CREATOR",
          body: `Mock message ${message.id.slice(0, 8)}`,
          sentAt: message.at.toISOString(),
        }),
      );
    },
    revenueByPeriod: async (request) => revenue(request),
  };
}
