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

/**
 * Eight numbers from 0 to 2^32 - 1 determined by the parts (one SHA-256): the same on every machine
 * and every run. One digest serves every attribute of an item, since hashing is most of the cost
 * of generating the data.
 */
function wordsOf(...parts: Array<string | number>): Uint32Array {
  const digest = createHash("sha256").update(parts.join("\u0000")).digest();
  return new Uint32Array(Array.from({ length: 8 }, (_, index) => digest.readUInt32BE(index * 4)));
}

/** A UUID-shaped id made of the words (the version and variant digits fixed). */
function idFrom(words: Uint32Array): string {
  const hex = Array.from(words.subarray(0, 4), (word) => word.toString(16).padStart(8, "0")).join("");
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

/**
 * How many creators' generated data a container keeps (fans, about 60 KB; days of revenue, at most
 * CACHED_DAYS): generating it (a SHA-256 per item) is most of what a read costs.
 */
const CACHED_CREATORS = 100;
const CACHED_DAYS = 1_000;

function creatorWords(creatorId: string): Uint32Array {
  return wordsOf(creatorId, "creator");
}

function creatorJoined(creatorId: string): number {
  return MOCK_EPOCH - (creatorWords(creatorId)[0] % 365) * DAY_MS;
}

/** The creator's fans, generated in full (30 to 199 of them), newest subscription first. */
function generateFans(creatorId: string): MockFan[] {
  const joined = creatorJoined(creatorId);
  const count = 30 + (creatorWords(creatorId)[1] % 170);
  const fans: MockFan[] = [];
  for (let index = 0; index < count; index += 1) {
    // Words 0-3 make the id; 4-7 the rest.
    const words = wordsOf(creatorId, "fan", index);
    const [, , , , subscribed, hour, left, tierAndValue] = words;
    const id = idFrom(words);
    const at = new Date(joined + (subscribed % 360) * DAY_MS + (hour % 24) * HOUR_MS);
    fans.push({
      id,
      displayName: `Fan ${index + 1}`,
      tier: FAN_TIERS[tierAndValue % FAN_TIERS.length],
      lifetimeValueCents: Math.floor(tierAndValue / FAN_TIERS.length) % 100_000,
      subscribedAt: at.toISOString(),
      unsubscribedAt: left % 10 === 0 ? new Date(at.getTime() + 30 * DAY_MS).toISOString() : null,
      at,
    });
  }
  return fans.sort(newestFirst);
}

/** One day's revenue in USD, or none (about a third of days have none). */
interface DayRevenue {
  readonly amountCents: number;
  readonly transactions: number;
}

/** A creator's generated data, as much of it as reads have needed so far. */
interface CreatorData {
  fans?: MockFan[];
  readonly days: Map<number, DayRevenue | undefined>;
}

function generateDayRevenue(creatorId: string, day: number): DayRevenue | undefined {
  const [paid, amount, count] = wordsOf(creatorId, day, "revenue");
  if (paid % 3 === 0) return undefined;
  return { amountCents: 500 + (amount % 20_000), transactions: 1 + (count % 5) };
}

/** Where the period after the one starting at `start` starts (UTC days and months). */
function nextPeriodStart(start: number, granularity: RevenueRequest["granularity"]): number {
  if (granularity === "day") return start + DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
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
  // Most recently used last; the oldest is dropped past CACHED_CREATORS.
  const cache = new Map<string, CreatorData>();
  const cachedFor = (creatorId: string): CreatorData => {
    const entry: CreatorData = cache.get(creatorId) ?? { days: new Map() };
    cache.delete(creatorId);
    cache.set(creatorId, entry);
    if (cache.size > CACHED_CREATORS) cache.delete(cache.keys().next().value!);
    return entry;
  };
  const fansOf = (creatorId: string): MockFan[] => {
    const entry = cachedFor(creatorId);
    entry.fans ??= generateFans(creatorId);
    return entry.fans;
  };
  const dayRevenue = ({ days }: CreatorData, creatorId: string, day: number): DayRevenue | undefined => {
    const known = days.get(day);
    if (known !== undefined || days.has(day)) return known;
    if (days.size >= CACHED_DAYS) days.clear();
    const generated = generateDayRevenue(creatorId, day);
    days.set(day, generated);
    return generated;
  };
  const toItem = ({ at: _at, ...fan }: MockFan): FanSummary => fan;
  const revenue = (request: RevenueRequest): RevenueBucket[] => {
    // Period by period, each summed from its days as plain numbers and its bucket made once: a year
    // by month is 12 buckets and 365 additions. Building a bucket, a date or a map entry per day was
    // the control's largest cost under load.
    const creator = cachedFor(request.creatorId);
    const end = request.to.getTime();
    const buckets: RevenueBucket[] = [];
    let day = Math.ceil(request.from.getTime() / DAY_MS) * DAY_MS;
    while (day < end) {
      const start = periodStart(day, request.granularity);
      const periodEnd = Math.min(nextPeriodStart(start, request.granularity), end);
      let amountCents = 0;
      let transactions = 0;
      for (; day < periodEnd; day += DAY_MS) {
        const paid = dayRevenue(creator, request.creatorId, day);
        if (paid) {
          amountCents += paid.amountCents;
          transactions += paid.transactions;
        }
      }
      // Every paid day has at least one transaction: none means no revenue, and no bucket.
      if (transactions > 0) buckets.push({ periodStart: new Date(start).toISOString(), currency: "USD", amountCents, transactions });
    }
    return buckets;
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
      const count = 3 + (wordsOf(request.fanId, "messages")[0] % 25);
      const messages = Array.from({ length: count }, (_, index) => {
        const words = wordsOf(request.fanId, "message", index);
        return { id: idFrom(words), at: new Date(fan.at.getTime() + (index + 1) * HOUR_MS), fromCreator: words[4] % 2 === 0 };
      }).sort(newestFirst);
      const rows = after(messages, request.after).slice(0, request.limit + 1);
      return toPage(
        rows,
        request.limit,
        messageListing(request.creatorId, request.fanId),
        (message) => ({ at: message.at, id: message.id }),
        (message): MessageItem => ({
          id: message.id,
          direction: message.fromCreator ? "CREATOR_TO_FAN" : "FAN_TO_CREATOR",
          body: `Mock message ${message.id.slice(0, 8)}`,
          sentAt: message.at.toISOString(),
        }),
      );
    },
    revenueByPeriod: async (request) => revenue(request),
  };
}
