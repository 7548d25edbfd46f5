/**
 * A deterministic data set for tests, the local server and benchmarks: the same options give the
 * same rows, ids included, on every machine, so a failing test or a benchmark figure can be
 * reproduced exactly. Rows are written with one `INSERT … SELECT FROM unnest(…)` per few thousand
 * rows, which loads the standard set (about 150,000 rows) in seconds.
 */
import { Client } from "pg";

export interface SeedOptions {
  /** Feeds the random generator: another seed gives another data set of the same shape. */
  readonly seed: number;
  /** Fans of each creator, in order: the first creator is usually the big one pages are measured on. */
  readonly fansPerCreator: readonly number[];
  /** Average messages per fan (0 to 2× this, uniformly). */
  readonly messagesPerFan: number;
  /** Average transactions per fan (0 to 2× this, uniformly). */
  readonly transactionsPerFan: number;
  /** Share of fans and of messages soft-deleted, between 0 and 1. */
  readonly deletedShare: number;
  /** The newest moment in the data; everything happened in the two years before it. */
  readonly now: Date;
  /** Prefixes creator handles, so two data sets can share a database. @default "creator" */
  readonly handlePrefix?: string;
}

/**
 * What tests, the local server and benchmarks load: one creator big enough to page 1,000 pages
 * deep (25,000 fans), nine ordinary ones, and the last of them soft-deleted.
 */
export const STANDARD_SEED: SeedOptions = {
  seed: 20261122,
  fansPerCreator: [25_000, 800, 800, 800, 800, 800, 800, 800, 800, 800],
  messagesPerFan: 2,
  transactionsPerFan: 2,
  deletedShare: 0.03,
  now: new Date("2026-11-01T00:00:00.000Z"),
};

/** What `npm run dev` loads: a few creators with thousands of fans each (the last soft-deleted). */
export const DEMO_SEED: SeedOptions = {
  seed: 7,
  fansPerCreator: [4000, 3000, 2000, 500],
  messagesPerFan: 3,
  transactionsPerFan: 3,
  deletedShare: 0.03,
  now: STANDARD_SEED.now,
  handlePrefix: "demo",
};

export interface SeedSummary {
  /** Creator ids in the order of `fansPerCreator`; the last creator is soft-deleted. */
  readonly creatorIds: readonly string[];
  readonly handles: readonly string[];
  readonly rows: { readonly creators: number; readonly fans: number; readonly messages: number; readonly transactions: number };
}

const TIERS = ["FREE", "BASIC", "PREMIUM", "VIP"] as const;
const CURRENCIES = ["USD", "USD", "USD", "EUR", "GBP"] as const;
const TRANSACTION_TYPES = ["SUBSCRIPTION", "TIP", "PPV"] as const;
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
/** Subscriptions are stamped to the hour, so many fans share a timestamp: pagination must break ties. */
const HOUR_MS = 3600 * 1000;
const BATCH_ROWS = 5000;

/** mulberry32: a tiny, fast generator whose whole state is one 32-bit number, so a seed fixes every value. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUIDv7 (time-ordered, like the schema's default) whose random bits come from the generator. */
function uuidV7(time: Date, random: () => number): string {
  const hex = time.getTime().toString(16).padStart(12, "0");
  const randomHex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join("");
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${randomHex(3)}-${variant}${randomHex(3)}-${randomHex(12)}`;
}

type Column = { readonly name: string; readonly type: string };
type Table = { readonly name: string; readonly columns: readonly Column[]; readonly rows: unknown[][] };

function table(name: string, columns: Record<string, string>): Table {
  return { name, columns: Object.entries(columns).map(([column, type]) => ({ name: column, type })), rows: [] };
}

async function insertAll(client: Client, target: Table): Promise<void> {
  const columnList = target.columns.map((column) => `"${column.name}"`).join(", ");
  const arrays = target.columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(", ");
  for (let start = 0; start < target.rows.length; start += BATCH_ROWS) {
    const batch = target.rows.slice(start, start + BATCH_ROWS);
    const parameters = target.columns.map((_, index) => batch.map((row) => row[index]));
    await client.query(`INSERT INTO "${target.name}" (${columnList}) SELECT * FROM unnest(${arrays})`, parameters);
  }
}

function validate(options: SeedOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.seed)) problems.push(`seed must be an integer, got ${options.seed}`);
  if (options.fansPerCreator.length === 0) problems.push("fansPerCreator must list at least one creator");
  if (options.fansPerCreator.some((count) => !Number.isInteger(count) || count < 0)) {
    problems.push(`fansPerCreator must hold whole numbers of at least 0, got ${options.fansPerCreator.join(", ")}`);
  }
  for (const field of ["messagesPerFan", "transactionsPerFan"] as const) {
    if (!(options[field] >= 0)) problems.push(`${field} must be at least 0, got ${options[field]}`);
  }
  if (!(options.deletedShare >= 0 && options.deletedShare <= 1)) {
    problems.push(`deletedShare must be between 0 and 1, got ${options.deletedShare}`);
  }
  if (Number.isNaN(options.now.getTime())) problems.push("now must be a valid date");
  if (problems.length > 0) throw new Error(`Invalid seed options: ${problems.join("; ")}`);
}

/**
 * Inserts the data set into a migrated database, in one transaction: a failed seed leaves
 * nothing behind. Fails, without writing, if a creator handle it would use already exists.
 */
export async function seedDatabase(databaseUrl: string, options: SeedOptions = STANDARD_SEED): Promise<SeedSummary> {
  validate(options);
  const random = randomGenerator(options.seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const between = (from: number, to: number) => from + Math.floor(random() * (to - from));
  const now = options.now.getTime();
  const start = now - TWO_YEARS_MS;
  const prefix = options.handlePrefix ?? "creator";

  const creators = table("creators", { id: "uuid", handle: "varchar", display_name: "varchar", created_at: "timestamptz", deleted_at: "timestamptz" });
  const fans = table("fans", {
    id: "uuid", creator_id: "uuid", display_name: "varchar", tier: '"FanTier"', lifetime_value_cents: "bigint",
    subscribed_at: "timestamptz", unsubscribed_at: "timestamptz", deleted_at: "timestamptz",
  });
  const messages = table("messages", {
    id: "uuid", creator_id: "uuid", fan_id: "uuid", direction: '"MessageDirection"', body: "text", sent_at: "timestamptz", deleted_at: "timestamptz",
  });
  const transactions = table("transactions", {
    id: "uuid", creator_id: "uuid", fan_id: "uuid", type: '"TransactionType"', amount_cents: "int4", currency: "bpchar", occurred_at: "timestamptz",
  });

  const creatorIds: string[] = [];
  const handles: string[] = [];
  options.fansPerCreator.forEach((fanCount, creatorIndex) => {
    const createdAt = new Date(start - between(0, 30) * 24 * HOUR_MS);
    const creatorId = uuidV7(createdAt, random);
    const handle = `${prefix}-${String(creatorIndex).padStart(3, "0")}`;
    const isLast = creatorIndex === options.fansPerCreator.length - 1 && options.fansPerCreator.length > 1;
    creatorIds.push(creatorId);
    handles.push(handle);
    creators.rows.push([creatorId, handle, `Creator ${creatorIndex}`, createdAt, isLast ? new Date(now) : null]);

    for (let fanIndex = 0; fanIndex < fanCount; fanIndex++) {
      const subscribedAt = new Date(start + Math.floor(random() * (TWO_YEARS_MS / HOUR_MS)) * HOUR_MS);
      const fanId = uuidV7(subscribedAt, random);
      const unsubscribed = random() < 0.2 ? new Date(between(subscribedAt.getTime(), now)) : null;
      const deleted = random() < options.deletedShare ? new Date(between(subscribedAt.getTime(), now)) : null;
      let lifetimeValueCents = 0;

      const transactionCount = between(0, Math.round(options.transactionsPerFan * 2) + 1);
      for (let index = 0; index < transactionCount; index++) {
        const occurredAt = new Date(between(subscribedAt.getTime(), now));
        const amountCents = between(100, 10_000);
        lifetimeValueCents += amountCents;
        transactions.rows.push([uuidV7(occurredAt, random), creatorId, fanId, pick(TRANSACTION_TYPES), amountCents, pick(CURRENCIES), occurredAt]);
      }
      fans.rows.push([fanId, creatorId, `Fan ${creatorIndex}-${fanIndex}`, pick(TIERS), lifetimeValueCents, subscribedAt, unsubscribed, deleted]);

      const messageCount = between(0, Math.round(options.messagesPerFan * 2) + 1);
      for (let index = 0; index < messageCount; index++) {
        const sentAt = new Date(between(subscribedAt.getTime(), now));
        const direction = random() < 0.5 ? "CREATOR_TO_FAN" : "FAN_TO_CREATOR";
        const messageDeleted = random() < options.deletedShare ? new Date(now) : null;
        messages.rows.push([uuidV7(sentAt, random), creatorId, fanId, direction, `Message ${index} of fan ${fanIndex}`, sentAt, messageDeleted]);
      }
    }
  });

  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const existing = await client.query("SELECT handle FROM creators WHERE handle = ANY($1::varchar[]) ORDER BY handle LIMIT 1", [handles]);
    if (existing.rowCount) {
      throw new Error(`creator ${existing.rows[0].handle} already exists: this data set is loaded (use another handlePrefix or a fresh database)`);
    }
    for (const target of [creators, fans, messages, transactions]) await insertAll(client, target);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  // Fresh statistics and visibility map, as autovacuum would leave them on a live database: the
  // planner (and the EXPLAIN checks) then see the data as it is, and index-only scans are possible.
  const vacuum = new Client({ connectionString: databaseUrl });
  await vacuum.connect();
  await vacuum.query("VACUUM (ANALYZE) creators, fans, messages, transactions").finally(() => vacuum.end());

  return {
    creatorIds,
    handles,
    rows: { creators: creators.rows.length, fans: fans.rows.length, messages: messages.rows.length, transactions: transactions.rows.length },
  };
}
