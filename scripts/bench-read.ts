/**
 * `npm run bench:read`: per route, p50 and p95 through prisma-read's handler logic (routing,
 * validation, Prisma on @prisma/adapter-pg, JSON) and for the same statements sent with raw `pg`;
 * then the first page of the big creator's fans against page 1,000. One run, one machine, so the
 * ratios are what to read. Targets: handler p95 ≤ 2× raw pg; page 1,000 p95 ≤ 1.5× page 1.
 *
 * Runs against DATABASE_URL when set (migrated and seeded: npm run db:migrate && npm run db:seed),
 * otherwise against a throwaway embedded PostgreSQL it migrates and seeds itself.
 *
 * It measures twice: over loopback, where a statement takes a tenth of a millisecond and shows the
 * handler's fixed cost at its largest, then through a network between both sides and PostgreSQL (a
 * proxy delaying each packet BENCH_NETWORK_DELAY_MS, 1 by default, each way: a round trip of about
 * 2 ms, as from Lambda to RDS across availability zones), which is what a request costs in AWS.
 */
import { join } from "node:path";
import { Pool } from "pg";
import { handleReadRequest, type ReadApiDependencies } from "../functions/prisma-read/api/read-api";
import { openReadClient } from "../functions/prisma-read/connection/read-client-factory";
import { readDatabaseSettings } from "../functions/prisma-read/connection/settings";
import { encodeCursor } from "../functions/read-api/pagination";
import { fanListing } from "../functions/read-api/read-source";
import { startEmbeddedPostgres } from "../database/embedded-postgres";
import { applyMigrations, projectMigrationPaths } from "../database/migrations";
import { seedDatabase, STANDARD_SEED } from "../database/seed";
import { exitAfterOutput } from "./exit-after-output";
import { LatencyProxy } from "./bench/latency-proxy";
import { proxyEvent } from "./lib/proxy-event";

const ROOT = join(__dirname, "..");
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const PAGE_SIZE = 20;
const DEEP_PAGE = 1000;
const NOW = STANDARD_SEED.now;
const NETWORK_DELAY_MS = Number(process.env.BENCH_NETWORK_DELAY_MS ?? 1);

/** The database's URL as both sides reach it: directly, or through a delaying proxy. */
async function reachThrough(url: string, delayMs: number): Promise<{ url: string; proxy?: LatencyProxy }> {
  if (!(delayMs > 0)) return { url };
  const target = new URL(url);
  const proxy = new LatencyProxy({ host: target.hostname, port: Number(target.port || 5432) }, delayMs);
  target.port = String(await proxy.start());
  target.hostname = "127.0.0.1";
  return { url: target.toString(), proxy };
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/**
 * Times the handler and raw pg in alternation, one request each, the order swapped every round: a
 * burst of load from elsewhere on a shared machine then falls on both sides alike.
 */
async function timeSideBySide(handler: () => Promise<unknown>, raw: () => Promise<unknown>): Promise<{ handler: number[]; raw: number[] }> {
  for (let index = 0; index < WARMUP; index++) {
    await handler();
    await raw();
  }
  const samples = { handler: [] as number[], raw: [] as number[] };
  for (let index = 0; index < ITERATIONS; index++) {
    if (index % 2 === 0) {
      samples.handler.push(await elapsed(handler));
      samples.raw.push(await elapsed(raw));
    } else {
      samples.raw.push(await elapsed(raw));
      samples.handler.push(await elapsed(handler));
    }
  }
  return samples;
}


interface Case {
  readonly label: string;
  readonly handler: () => Promise<unknown>;
  /** The same statements, written by hand and sent with pg. */
  readonly raw: () => Promise<unknown>;
}

/** Every route, handler against raw pg, as both reach PostgreSQL at `url` through a network of `delayMs` each way. */
async function benchRoutes(url: string, delayMs: number): Promise<boolean> {
  let met = true;
  const network = await reachThrough(url, delayMs);
  const raw = new Pool({ connectionString: network.url, max: 2 });
  // pg's advice for every pool: an idle client's error (the server going away) is an event, and
  // unhandled it would end the process.
  raw.on("error", (error) => console.error(`raw pg pool: ${error.message}`));
  const database = openReadClient(readDatabaseSettings({ DATABASE_URL: network.url }));
  const dependencies: ReadApiDependencies = { db: database, clock: () => NOW };
  const serve = async (path: string, caller: string, query: Record<string, string> | null = null) => {
    const search = query ? `?${new URLSearchParams(query)}` : "";
    const response = await handleReadRequest(proxyEvent(`${path}${search}`, { caller, requestId: "bench" }), dependencies);
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
  };

  const creators = (await raw.query("SELECT id FROM creators WHERE handle LIKE 'creator-%' ORDER BY handle")).rows.map((row) => row.id as string);
  const [big, ordinary] = creators;
  const fan = (await raw.query("SELECT fan_id FROM messages m JOIN fans f ON f.id = m.fan_id WHERE m.creator_id = $1 AND f.deleted_at IS NULL GROUP BY fan_id ORDER BY count(*) DESC LIMIT 1", [ordinary])).rows[0].fan_id as string;
  const deepPosition = (
    await raw.query(
      "SELECT subscribed_at, id FROM fans WHERE creator_id = $1 AND deleted_at IS NULL ORDER BY subscribed_at DESC, id DESC OFFSET $2 LIMIT 1",
      [big, PAGE_SIZE * (DEEP_PAGE - 1) - 1],
    )
  ).rows[0];
  const deepCursor = encodeCursor({ at: deepPosition.subscribed_at, id: deepPosition.id }, fanListing(big, undefined));

  // Each listing is one statement that also checks its parents, as the handler's (queries/*.ts).
  const liveCreator = "EXISTS (SELECT 1 FROM creators c WHERE c.id = creator_id AND c.deleted_at IS NULL)";
  const fanPage = (after?: { subscribed_at: Date; id: string }) =>
    raw.query(
      `SELECT id, display_name, tier, lifetime_value_cents, subscribed_at, unsubscribed_at FROM fans
        WHERE creator_id = $1 AND deleted_at IS NULL AND ${liveCreator} ${after ? "AND (subscribed_at, id) < ($3, $4)" : ""}
        ORDER BY subscribed_at DESC, id DESC LIMIT $2`,
      after ? [big, PAGE_SIZE + 1, after.subscribed_at, after.id] : [big, PAGE_SIZE + 1],
    );
  // The statement the handler sends (queries/creators.ts), written out for pg.
  const profile = () =>
    raw.query(
      `SELECT c.id, c.handle, c.display_name, c.created_at,
              (SELECT count(*)::int FROM fans f
                WHERE f.creator_id = c.id AND f.deleted_at IS NULL AND f.unsubscribed_at IS NULL) AS active_fan_count,
              (SELECT coalesce(json_agg(json_build_object('currency', r.currency, 'amount_cents', r.amount_cents::text)
                                        ORDER BY r.currency), '[]'::json)
                 FROM (SELECT t.currency, sum(t.amount_cents) AS amount_cents FROM transactions t
                        WHERE t.creator_id = c.id AND t.occurred_at >= $2 AND t.occurred_at <= $3
                        GROUP BY t.currency) r) AS revenue
         FROM creators c WHERE c.id = $1::uuid AND c.deleted_at IS NULL`,
      [ordinary, new Date(NOW.getTime() - 30 * 86_400_000), NOW],
    );

  const cases: Case[] = [
    { label: "GET /health", handler: () => serve("/health", ordinary), raw: () => raw.query("SELECT 1") },
    { label: "GET /creators/{id}", handler: () => serve(`/creators/${ordinary}`, ordinary), raw: profile },
    {
      label: "GET /creators/{id}/fans (page 1)",
      handler: () => serve(`/creators/${big}/fans`, big),
      raw: () => fanPage(),
    },
    {
      label: `GET /creators/{id}/fans (page ${DEEP_PAGE})`,
      handler: () => serve(`/creators/${big}/fans`, big, { cursor: deepCursor }),
      raw: () => fanPage(deepPosition),
    },
    {
      label: "GET /creators/{id}/fans/{fanId}/messages",
      handler: () => serve(`/creators/${ordinary}/fans/${fan}/messages`, ordinary),
      raw: () =>
        raw.query(
          `SELECT id, direction, body, sent_at FROM messages
            WHERE fan_id = $1 AND creator_id = $2 AND deleted_at IS NULL AND ${liveCreator}
              AND EXISTS (SELECT 1 FROM fans f WHERE f.id = fan_id AND f.creator_id = $2 AND f.deleted_at IS NULL)
            ORDER BY sent_at DESC, id DESC LIMIT $3`,
          [fan, ordinary, PAGE_SIZE + 1],
        ),
    },
    {
      label: "GET /creators/{id}/revenue (12 months)",
      handler: () => serve(`/creators/${ordinary}/revenue`, ordinary, { from: "2025-11-01", to: "2026-11-01", granularity: "month" }),
      // The statement the handler sends (queries/revenue.ts), written out for pg.
      raw: () =>
        raw.query(
          `SELECT p.period_start, t.currency, sum(t.amount_cents)::bigint, count(*)::int
             FROM creators c
            CROSS JOIN generate_series(date_trunc('month', $2::timestamptz, 'UTC'), $3::timestamptz - interval '1 microsecond',
                                       interval '1 month', 'UTC') AS p(period_start)
             JOIN transactions t ON t.creator_id = c.id
              AND t.occurred_at >= greatest(p.period_start, $2::timestamptz)
              AND t.occurred_at < least(date_add(p.period_start, interval '1 month', 'UTC'), $3::timestamptz)
            WHERE c.id = $1::uuid AND c.deleted_at IS NULL
            GROUP BY 1, 2 ORDER BY 1, 2`,
          [ordinary, new Date("2025-11-01Z"), new Date("2026-11-01Z")],
        ),
    },
  ];

  const where = delayMs > 0 ? `through a network delaying ${delayMs} ms each way` : "over loopback";
  console.log(`\n${ITERATIONS} requests per row after ${WARMUP} warm-up, ${where}; one handler container, pools of 2 connections.\n`);
  console.log("| route | handler p50 | handler p95 | raw pg p50 | raw pg p95 | handler p95 ÷ raw p95 (target ≤ 2) |");
  console.log("|---|---|---|---|---|---|");
  const p95s = new Map<string, number>();
  for (const current of cases) {
    const { handler: handlerSamples, raw: rawSamples } = await timeSideBySide(current.handler, current.raw);
    const ratio = percentile(handlerSamples, 0.95) / percentile(rawSamples, 0.95);
    met &&= ratio <= 2;
    p95s.set(current.label, percentile(handlerSamples, 0.95));
    console.log(
      `| ${current.label} | ${percentile(handlerSamples, 0.5).toFixed(2)} ms | ${percentile(handlerSamples, 0.95).toFixed(2)} ms | ` +
        `${percentile(rawSamples, 0.5).toFixed(2)} ms | ${percentile(rawSamples, 0.95).toFixed(2)} ms | ${ratio.toFixed(2)} ${ratio <= 2 ? "met" : "MISSED"} |`,
    );
  }
  const deepRatio = p95s.get(`GET /creators/{id}/fans (page ${DEEP_PAGE})`)! / p95s.get("GET /creators/{id}/fans (page 1)")!;
  met &&= deepRatio <= 1.5;
  console.log(`\nPage ${DEEP_PAGE} ÷ page 1, handler p95: ${deepRatio.toFixed(2)} (target ≤ 1.5) ${deepRatio <= 1.5 ? "met" : "MISSED"}`);

  await database.disconnect();
  await raw.end();
  await network.proxy?.close();
  return met;
}

async function main(): Promise<number> {
  const throwaway = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const url = process.env.DATABASE_URL ?? throwaway!.url;
  try {
    if (throwaway) {
      await applyMigrations(url, projectMigrationPaths(ROOT));
      await seedDatabase(url, STANDARD_SEED);
    }
    // The targets are judged where the function runs, across a network from its database: over
    // loopback the handler's fixed cost (a few tenths of a millisecond) is compared with a
    // statement that costs about as much, which says nothing of a request's cost in AWS.
    const loopbackMet = await benchRoutes(url, 0);
    if (!(NETWORK_DELAY_MS > 0)) return loopbackMet ? 0 : 1;
    const networkMet = await benchRoutes(url, NETWORK_DELAY_MS);
    console.log(`\nTargets judged through the network (the second table): ${networkMet ? "met" : "MISSED"}.`);
    return networkMet ? 0 : 1;
  } finally {
    await throwaway?.destroy();
  }
}

main().then(exitAfterOutput, (error: unknown) => {
  console.error(`bench:read failed: ${error instanceof Error ? error.stack : String(error)}`);
  exitAfterOutput(1);
});
