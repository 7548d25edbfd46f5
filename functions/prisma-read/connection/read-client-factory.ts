import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { withAccelerate } from "@prisma/extension-accelerate";
import type { PoolConfig } from "pg";
import { PrismaClient } from "../../../prisma/generated/client/client";
import type { HotReadCache, ReadDatabase } from "../queries/read-client";
import type { DatabaseSettings } from "./settings";

/** The connections' application_name outside Lambda; in Lambda, the function's name. */
export const APPLICATION_NAME = "huntaze-prisma-read";
/** Idle connections close after a minute: a warm container keeps its connection between requests. */
const IDLE_TIMEOUT_MS = 60_000;
/**
 * How much longer than the statement timeout the client waits for an answer before it gives the
 * connection up. The statement timeout runs in PostgreSQL; this covers a network that stops
 * carrying packets, where no server-side timeout can answer.
 */
const QUERY_TIMEOUT_MARGIN_MS = 1000;
/** Accelerate serves the hot reads (creator profiles) 30 s fresh, then 60 s stale while refreshing. */
export const ACCELERATE_HOT_READ_CACHE: HotReadCache = { ttl: 30, swr: 60 };

export interface QueryEvent {
  readonly query: string;
  readonly params: string;
  readonly duration: number;
}

export interface ReadClientOptions {
  /** The password for new connections; absent when the connection string carries it. */
  readonly password?: () => Promise<string>;
  /** Prisma's own log lines (at the levels the settings allow), for the function's logger. */
  readonly onLog?: (level: "error" | "warn" | "info", message: string) => void;
  /** Every SQL statement Prisma runs: for the statement-count tests and the EXPLAIN helper. */
  readonly onQuery?: (event: QueryEvent) => void;
}

export interface OpenReadClient extends ReadDatabase {
  /** Closes the pool's connections (on SIGTERM, and at the end of tests). */
  disconnect(): Promise<void>;
  /**
   * Settles once Prisma's query compiler (WebAssembly) is loaded, which it starts at once; it opens
   * no connection (@prisma/adapter-pg makes its pool, which connects on the first query). Settled at
   * once with Accelerate, whose engine asks Accelerate for its connection details when it starts:
   * there the first query loads it.
   */
  readonly ready: Promise<void>;
}

/**
 * The Prisma client prisma-read uses, created once per container: on @prisma/adapter-pg with a
 * pool of one or two connections, a finite connect timeout and a statement timeout (a slow query
 * fails fast, well inside the function's timeout), or on Prisma Accelerate when ACCELERATE_URL is set.
 */
export function openReadClient(settings: DatabaseSettings, options: ReadClientOptions = {}): OpenReadClient {
  const log = [
    ...settings.PRISMA_LOG_LEVELS.map((level) => ({ emit: "event" as const, level })),
    ...(options.onQuery ? [{ emit: "event" as const, level: "query" as const }] : []),
  ];
  const base = settings.ACCELERATE_URL
    ? new PrismaClient({ accelerateUrl: settings.ACCELERATE_URL, log })
    : new PrismaClient({
        adapter: new PrismaPg(poolConfig(settings, options.password), { statementNameGenerator: preparedStatementName }),
        log,
      });

  // Listeners go on the base client: an extended client ($extends) has no $on.
  const events = base as unknown as { $on(event: string, listener: (payload: any) => void): void };
  for (const level of settings.PRISMA_LOG_LEVELS) {
    events.$on(level, (event: { message: string }) => options.onLog?.(level, event.message));
  }
  if (options.onQuery) events.$on("query", (event: QueryEvent) => options.onQuery!(event));

  const client = settings.ACCELERATE_URL
    ? // The extension changes the client's type only by adding `cacheStrategy` to read arguments,
      // which the query layer passes through ReadDatabase.hotReadCache.
      (base.$extends(withAccelerate()) as unknown as PrismaClient)
    : base;

  // Otherwise the first request would compile and start the query compiler: about half of that
  // request's time on a cold container (README, Performance). Started here, it is init's work,
  // which Lambda may do before any request arrives.
  const ready = settings.ACCELERATE_URL ? Promise.resolve() : base.$connect();
  // A caller that never awaits it (a test's client) hears of a failed start from its first query.
  ready.catch(() => undefined);
  return {
    client,
    hotReadCache: settings.ACCELERATE_URL ? ACCELERATE_HOT_READ_CACHE : undefined,
    disconnect: () => client.$disconnect(),
    ready,
  };
}

/**
 * Names each distinct SQL text, so pg prepares it once per connection and PostgreSQL skips parsing
 * and planning on every later run: the routes send a handful of statement shapes, over and over.
 * (Safe with direct connections, as here; a transaction-mode pooler such as PgBouncer would need
 * it off.)
 */
function preparedStatementName(query: { sql: string }): string {
  return `prisma_${createHash("sha1").update(query.sql).digest("base64url")}`;
}

function poolConfig(settings: DatabaseSettings, password: (() => Promise<string>) | undefined): PoolConfig {
  const shared: PoolConfig = {
    max: settings.DATABASE_POOL_MAX,
    connectionTimeoutMillis: settings.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    statement_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS,
    // pg ends a query unanswered after this long; the pool then discards that connection.
    query_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS + QUERY_TIMEOUT_MARGIN_MS,
    application_name: settings.AWS_LAMBDA_FUNCTION_NAME ?? APPLICATION_NAME,
  };
  if (settings.DATABASE_URL) return { ...shared, connectionString: settings.DATABASE_URL };
  return {
    ...shared,
    host: settings.DATABASE_HOST,
    port: settings.DATABASE_PORT,
    database: settings.DATABASE_NAME,
    user: settings.DATABASE_USER,
    // pg asks for the password at every new connection, so a rotated one is picked up without a new pool.
    password,
    ssl: settings.DATABASE_TLS === "verify-full" ? { rejectUnauthorized: true } : false,
  };
}
