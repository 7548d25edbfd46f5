/**
 * The indexes match the queries: every statement each route sends is planned by PostgreSQL on the
 * standard seed (over 100,000 rows), and must read the index made for it, never a whole big table.
 * Fan pages are planned for the big creator (25,000 fans: ordered reads with a LIMIT must follow the
 * index however much the creator owns); aggregates for an ordinary one, since the big creator owns
 * 78 % of the seed's rows and a full scan is then rightly the planner's choice (revenue, which reads
 * one index range per period, is planned for both). The creators table
 * holds a few rows, which PostgreSQL reads whole whatever the index: it is not checked.
 */
import { explainStatements, type StatementPlan } from "../../../database/explain";
import type { ReadApiDependencies } from "../../../functions/prisma-read/api/read-api";
import type { OpenReadClient } from "../../../functions/prisma-read/connection/read-client-factory";
import { query, standardCreatorIds, testDatabaseUrl } from "../../support/database";
import { apiEvent, openTestClient, request, StatementLog, TEST_NOW } from "../../support/read-api";

const BIG_TABLES = ["fans", "messages", "transactions"];

function fullScansOfBigTables(plans: StatementPlan[]): string[] {
  return plans.flatMap((plan) => plan.sequentialScans).filter((table) => BIG_TABLES.includes(table));
}

const statements = new StatementLog();
let database: OpenReadClient;
let dependencies: ReadApiDependencies;
/** The seed's big creator: 25,000 fans, so a wrong plan cannot hide behind a small table. */
let creator: string;
/** An ordinary creator: 800 fans. */
let ordinary: string;

beforeAll(async () => {
  database = openTestClient(testDatabaseUrl(), statements);
  dependencies = { db: database, clock: () => TEST_NOW };
  [creator, ordinary] = await standardCreatorIds();
});
afterAll(() => database.disconnect());

async function plansFor(path: string, query: Record<string, string> = {}, caller = creator): Promise<StatementPlan[]> {
  statements.clear();
  const response = await request(apiEvent(path, { caller, query }), dependencies);
  expect(response.status).toBe(200);
  return explainStatements(testDatabaseUrl(), statements.statements);
}

/** The cursor of a page deep in the big creator's fans. */
async function deepCursor(pages: number, tier?: string): Promise<string> {
  let cursor: string | undefined;
  for (let page = 0; page < pages; page++) {
    const response = await request(
      apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "100", ...(tier && { tier }), ...(cursor && { cursor }) } }),
      dependencies,
    );
    cursor = response.body.nextCursor;
  }
  return cursor!;
}

it("plans on a seeded database of at least 100,000 rows", async () => {
  const [{ rows }] = await query(
    testDatabaseUrl(),
    "SELECT (SELECT count(*) FROM creators) + (SELECT count(*) FROM fans) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM transactions) AS rows",
  );
  expect(Number(rows)).toBeGreaterThanOrEqual(100_000);
});

it("reads fan pages from fans_creator_page_idx, starting a deep page at its cursor", async () => {
  const first = await plansFor(`/creators/${creator}/fans`);
  const deep = await plansFor(`/creators/${creator}/fans`, { cursor: await deepCursor(100) });

  for (const plans of [first, deep]) {
    expect(fullScansOfBigTables(plans)).toEqual([]);
    expect(plans.at(-1)!.indexes).toContain("fans_creator_page_idx");
  }
  expect(deep.at(-1)!.indexConditions.join(" ")).toMatch(/subscribed_at <=/);
});

it("reads a tier's pages from fans_creator_tier_page_idx", async () => {
  const plans = await plansFor(`/creators/${creator}/fans`, { tier: "VIP", cursor: await deepCursor(10, "VIP") });

  expect(fullScansOfBigTables(plans)).toEqual([]);
  expect(plans.at(-1)!.indexes).toContain("fans_creator_tier_page_idx");
  expect(plans.at(-1)!.indexConditions.join(" ")).toMatch(/subscribed_at <=/);
});

it("reads a conversation from messages_fan_page_idx", async () => {
  const [{ fan_id: fan }] = await query(
    testDatabaseUrl(),
    "SELECT fan_id FROM messages m JOIN fans f ON f.id = m.fan_id WHERE m.creator_id = $1 AND f.deleted_at IS NULL LIMIT 1",
    [ordinary],
  );

  const plans = await plansFor(`/creators/${ordinary}/fans/${fan}/messages`, {}, ordinary);

  expect(fullScansOfBigTables(plans)).toEqual([]);
  expect(plans.at(-1)!.indexes).toContain("messages_fan_page_idx");
});

it.each([
  ["an ordinary creator", () => ordinary],
  // Made period by period, the statement reads one index range per period: that holds for the big
  // creator too, whose rows would otherwise make a scan of its whole share rightly the cheaper plan.
  ["the big creator", () => creator],
])("sums revenue from transactions_creator_time_idx alone, for %s", async (_, who) => {
  const plans = await plansFor(`/creators/${who()}/revenue`, { from: "2025-11-01", to: "2026-11-01", granularity: "month" }, who());

  expect(fullScansOfBigTables(plans)).toEqual([]);
  expect(plans.at(-1)!.indexes).toEqual(["transactions_creator_time_idx"]);
  expect(plans.at(-1)!.text).toMatch(/Index Only Scan/);
});

it("builds the profile in one statement whose fan count and revenue come from indexes alone", async () => {
  const plans = await plansFor(`/creators/${ordinary}`, {}, ordinary);

  expect(plans).toHaveLength(1);
  expect(fullScansOfBigTables(plans)).toEqual([]);
  expect(plans[0].indexes).toEqual(["fans_creator_active_idx", "transactions_creator_time_idx"]);
  expect(plans[0].text).toMatch(/Index Only Scan using fans_creator_active_idx/);
  expect(plans[0].text).toMatch(/Index Only Scan using transactions_creator_time_idx/);
});
