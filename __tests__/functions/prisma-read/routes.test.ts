/**
 * Every prisma-read route through handleReadRequest, on the test run's PostgreSQL loaded with the
 * standard seed. Expected values come from SQL written here, independently of the query layer.
 */
import type { ReadApiDependencies } from "../../../functions/prisma-read/api/read-api";
import type { OpenReadClient } from "../../../functions/prisma-read/connection/read-client-factory";
import { query, standardCreatorIds, testDatabaseUrl } from "../../support/database";
import { apiEvent, openTestClient, request, StatementLog, TEST_NOW } from "../../support/read-api";

let database: OpenReadClient;
let dependencies: ReadApiDependencies;
const statements = new StatementLog();
let creators: string[];
/** An ordinary creator (800 fans in the seed), the one most tests read. */
let creator: string;
/** The seed's soft-deleted creator. */
let deletedCreator: string;

beforeAll(async () => {
  database = openTestClient(testDatabaseUrl(), statements);
  dependencies = { db: database, clock: () => TEST_NOW };
  creators = await standardCreatorIds();
  creator = creators[1];
  deletedCreator = creators[creators.length - 1];
});

afterAll(() => database.disconnect());

beforeEach(() => statements.clear());

/** Follows nextCursor to the end, returning every item in order. */
async function walk(path: string, caller: string, query: Record<string, string> = {}): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const response = await request(apiEvent(path, { caller, query: { ...query, ...(cursor && { cursor }) } }), dependencies);
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  return items;
}

describe("GET /health", () => {
  it("answers 200 after a database round trip, without a caller identity", async () => {
    const response = await request(apiEvent("/health"), dependencies);

    expect(response).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(statements.statements).toHaveLength(1);
  });
});

describe("GET /creators/{creatorId}", () => {
  it("returns the profile, its active fans and the last 30 days' revenue per currency, as SQL counts them", async () => {
    const response = await request(apiEvent(`/creators/${creator}`, { caller: creator }), dependencies);

    const [profile] = await query(testDatabaseUrl(), "SELECT handle, display_name FROM creators WHERE id = $1", [creator]);
    const [{ active }] = await query(
      testDatabaseUrl(),
      "SELECT count(*)::int AS active FROM fans WHERE creator_id = $1 AND deleted_at IS NULL AND unsubscribed_at IS NULL",
      [creator],
    );
    const revenue = await query(
      testDatabaseUrl(),
      `SELECT currency, sum(amount_cents)::int AS "amountCents" FROM transactions
        WHERE creator_id = $1 AND occurred_at >= $2::timestamptz - interval '30 days' AND occurred_at <= $2
        GROUP BY currency ORDER BY currency`,
      [creator, TEST_NOW],
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: creator, handle: profile.handle, displayName: profile.display_name, activeFanCount: active });
    expect(response.body.revenueLast30Days).toEqual(revenue);
    expect(revenue.length).toBeGreaterThan(0);
  });

  it("lists nothing of a soft-deleted creator: its fans, their messages and its revenue answer 404", async () => {
    // The creator is deleted, not its fans, messages and payments: the listings must check the creator.
    const [{ id: fan }] = await query(
      testDatabaseUrl(),
      `SELECT f.id FROM fans f WHERE f.creator_id = $1 AND f.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM messages m WHERE m.fan_id = f.id AND m.deleted_at IS NULL) LIMIT 1`,
      [deletedCreator],
    );
    const [{ payments }] = await query(testDatabaseUrl(), "SELECT count(*)::int AS payments FROM transactions WHERE creator_id = $1", [deletedCreator]);
    const caller = deletedCreator;

    const responses = await Promise.all([
      request(apiEvent(`/creators/${deletedCreator}/fans`, { caller }), dependencies),
      request(apiEvent(`/creators/${deletedCreator}/fans/${fan}/messages`, { caller }), dependencies),
      request(apiEvent(`/creators/${deletedCreator}/revenue`, { caller, query: { from: "2025-11-01", to: "2026-11-01", granularity: "month" } }), dependencies),
    ]);

    expect(payments).toBeGreaterThan(0);
    expect(responses.map((response) => [response.status, response.body.error?.code])).toEqual([
      [404, "NOT_FOUND"],
      [404, "NOT_FOUND"],
      [404, "NOT_FOUND"],
    ]);
  });

  it("answers 404 for a soft-deleted creator", async () => {
    const response = await request(apiEvent(`/creators/${deletedCreator}`, { caller: deletedCreator }), dependencies);

    expect(response).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
  });
});

describe("GET /creators/{creatorId}/fans", () => {
  it("pages through every live fan once, newest subscription first, in pages of the default 20", async () => {
    const first = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator }), dependencies);
    const all = await walk(`/creators/${creator}/fans`, creator, { limit: "100" });

    const expected = await query(
      testDatabaseUrl(),
      "SELECT id FROM fans WHERE creator_id = $1 AND deleted_at IS NULL ORDER BY subscribed_at DESC, id DESC",
      [creator],
    );
    expect(first.body.items).toHaveLength(20);
    expect(first.body.items.map((fan: any) => fan.id)).toEqual(expected.slice(0, 20).map((row) => row.id));
    expect(all.map((fan) => fan.id)).toEqual(expected.map((row) => row.id));
    expect(Object.keys(all[0]).sort()).toEqual(["displayName", "id", "lifetimeValueCents", "subscribedAt", "tier", "unsubscribedAt"]);
  });

  it("never shows a soft-deleted fan", async () => {
    const deleted = await query(testDatabaseUrl(), "SELECT id FROM fans WHERE creator_id = $1 AND deleted_at IS NOT NULL", [creator]);

    const shown = new Set((await walk(`/creators/${creator}/fans`, creator, { limit: "100" })).map((fan) => fan.id));

    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.filter((row) => shown.has(row.id))).toEqual([]);
  });

  it("filters by tier, and a cursor stays bound to its filter", async () => {
    const vip = await walk(`/creators/${creator}/fans`, creator, { tier: "VIP", limit: "50" });
    const firstPage = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { tier: "VIP", limit: "5" } }), dependencies);
    const reused = await request(
      apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { tier: "FREE", cursor: firstPage.body.nextCursor } }),
      dependencies,
    );

    const [{ count }] = await query(
      testDatabaseUrl(),
      "SELECT count(*)::int AS count FROM fans WHERE creator_id = $1 AND deleted_at IS NULL AND tier = 'VIP'",
      [creator],
    );
    expect(vip).toHaveLength(count);
    expect(vip.every((fan) => fan.tier === "VIP")).toBe(true);
    expect(reused).toMatchObject({ status: 400, body: { error: { code: "INVALID_PARAMETER", message: expect.stringMatching(/^cursor: /) } } });
  });

});

describe("GET /creators/{creatorId}/fans/{fanId}/messages", () => {
  let fan: string;
  beforeAll(async () => {
    // A live fan with both live and deleted messages.
    [{ fan_id: fan }] = await query(
      testDatabaseUrl(),
      `SELECT m.fan_id FROM messages m JOIN fans f ON f.id = m.fan_id
        WHERE m.creator_id = $1 AND f.deleted_at IS NULL
        GROUP BY m.fan_id HAVING bool_or(m.deleted_at IS NOT NULL) AND count(*) >= 3 LIMIT 1`,
      [creator],
    );
  });

  it("pages through the conversation newest first, without deleted messages", async () => {
    const messages = await walk(`/creators/${creator}/fans/${fan}/messages`, creator, { limit: "1" });

    const expected = await query(
      testDatabaseUrl(),
      "SELECT id FROM messages WHERE fan_id = $1 AND deleted_at IS NULL ORDER BY sent_at DESC, id DESC",
      [fan],
    );
    expect(messages.map((message) => message.id)).toEqual(expected.map((row) => row.id));
    expect(Object.keys(messages[0]).sort()).toEqual(["body", "direction", "id", "sentAt"]);
  });

  it("returns nextCursor null when the page holds the last rows, even when it is exactly full", async () => {
    const [{ count }] = await query(testDatabaseUrl(), "SELECT count(*)::int AS count FROM messages WHERE fan_id = $1 AND deleted_at IS NULL", [fan]);

    const response = await request(apiEvent(`/creators/${creator}/fans/${fan}/messages`, { caller: creator, query: { limit: String(count) } }), dependencies);

    expect(response.body.items).toHaveLength(count);
    expect(response.body.nextCursor).toBeNull();
  });

  it("answers 404 for a deleted fan and for another creator's fan", async () => {
    const [{ id: deletedFan }] = await query(testDatabaseUrl(), "SELECT id FROM fans WHERE creator_id = $1 AND deleted_at IS NOT NULL LIMIT 1", [creator]);
    const [{ id: othersFan }] = await query(testDatabaseUrl(), "SELECT id FROM fans WHERE creator_id = $1 LIMIT 1", [creators[2]]);

    const deleted = await request(apiEvent(`/creators/${creator}/fans/${deletedFan}/messages`, { caller: creator }), dependencies);
    const others = await request(apiEvent(`/creators/${creator}/fans/${othersFan}/messages`, { caller: creator }), dependencies);

    expect(deleted).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND", message: "fan was not found" } } });
    expect(others).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND", message: "fan was not found" } } });
  });
});

describe("GET /creators/{creatorId}/revenue", () => {
  /** The revenue by its definition: every transaction in [from, to) summed in the UTC period its time falls in. */
  const revenueByDefinition = (granularity: string, from: string | Date, to: string | Date) =>
    query(
      testDatabaseUrl(),
      `SELECT to_char(date_trunc($2, occurred_at, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "periodStart",
              currency, sum(amount_cents)::int AS "amountCents", count(*)::int AS transactions
         FROM transactions WHERE creator_id = $1 AND occurred_at >= $3 AND occurred_at < $4
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [creator, granularity, from, to],
    );

  it.each(["day", "month"])("sums revenue per %s and currency in SQL", async (granularity) => {
    const response = await request(
      apiEvent(`/creators/${creator}/revenue`, { caller: creator, query: { from: "2026-01-01", to: "2026-07-01", granularity } }),
      dependencies,
    );

    const expected = await revenueByDefinition(granularity, "2026-01-01Z", "2026-07-01Z");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ from: "2026-01-01T00:00:00.000Z", to: "2026-07-01T00:00:00.000Z", granularity, items: expected });
    expect(expected.length).toBeGreaterThan(granularity === "day" ? 10 : 5);
  });

  // The query makes the periods first and cuts the first and last to [from, to). The instants are
  // taken from the data so that both cuts have a transaction on each side within one period: `from`
  // is a period's second transaction (the first must be left out), `to` is a period's last (it must
  // be left out, the one before it kept).
  it.each(["day", "month"])("cuts the first and last %s at instants inside them", async (granularity) => {
    const [{ from, to }] = await query(
      testDatabaseUrl(),
      `WITH t AS (
         SELECT occurred_at,
                row_number() OVER (PARTITION BY date_trunc($2, occurred_at, 'UTC') ORDER BY occurred_at) AS rank,
                count(*) OVER (PARTITION BY date_trunc($2, occurred_at, 'UTC')) AS total
           FROM transactions WHERE creator_id = $1 AND occurred_at >= '2026-01-01Z' AND occurred_at < '2026-07-01Z')
       SELECT (SELECT min(occurred_at) FROM t WHERE rank = 2) AS from,
              (SELECT max(occurred_at) FROM t WHERE rank = total AND total >= 2) AS to`,
      [creator, granularity],
    );

    const response = await request(
      apiEvent(`/creators/${creator}/revenue`, { caller: creator, query: { from: from.toISOString(), to: to.toISOString(), granularity } }),
      dependencies,
    );

    const expected = await revenueByDefinition(granularity, from, to);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual(expected);
    expect(expected.length).toBeGreaterThan(2);
  });
});

describe("authorization", () => {
  it("answers 401 without a caller identity", async () => {
    const response = await request(apiEvent(`/creators/${creator}/fans`), dependencies);

    expect(response).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED" } } });
    expect(statements.events).toHaveLength(0);
  });

  it.each(["", "/fans", "/revenue?from=2026-01-01&to=2026-02-01"])("answers 403 when a creator reads another creator's %s", async (suffix) => {
    const [path, search] = `/creators/${creators[2]}${suffix}`.split("?");
    const query = search ? Object.fromEntries(new URLSearchParams(search)) : undefined;

    const response = await request(apiEvent(path, { caller: creator, query }), dependencies);

    expect(response).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    expect(statements.events).toHaveLength(0);
  });
});

describe("bad input", () => {
  const cases: Array<[string, string, Record<string, string> | undefined, string]> = [
    ["a creator id that is no UUID", "/creators/not-a-uuid/fans", undefined, "creatorId"],
    ["a fan id that is no UUID", "/creators/{creator}/fans/42/messages", undefined, "fanId"],
    ["limit 0", "/creators/{creator}/fans", { limit: "0" }, "limit"],
    ["limit 101", "/creators/{creator}/fans", { limit: "101" }, "limit"],
    ["limit abc", "/creators/{creator}/fans", { limit: "abc" }, "limit"],
    ["a made-up cursor", "/creators/{creator}/fans", { cursor: "bm90LWEtY3Vyc29y" }, "cursor"],
    ["an unknown tier", "/creators/{creator}/fans", { tier: "GOLD" }, "tier"],
    ["a misspelt parameter", "/creators/{creator}/fans", { limt: "5" }, "limt"],
    ["a missing from", "/creators/{creator}/revenue", { to: "2026-02-01" }, "from"],
    ["a date that does not exist", "/creators/{creator}/revenue", { from: "2026-02-31", to: "2026-04-01" }, "from"],
    ["to before from", "/creators/{creator}/revenue", { from: "2026-02-01", to: "2026-01-01" }, "to"],
    ["more than a year of days", "/creators/{creator}/revenue", { from: "2024-01-01", to: "2026-01-01", granularity: "day" }, "to"],
    ["an unknown granularity", "/creators/{creator}/revenue", { from: "2026-01-01", to: "2026-02-01", granularity: "week" }, "granularity"],
  ];

  it.each(cases)("answers 400 naming the field for %s", async (_, path, query, field) => {
    const response = await request(apiEvent(path.replace("{creator}", creator), { caller: creator, query }), dependencies);

    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: "INVALID_PARAMETER", message: expect.stringMatching(new RegExp(`^${field}: `)) });
    expect(statements.events).toHaveLength(0);
  });

  it("answers 404 for an unknown route and 405 for a method other than GET", async () => {
    const unknown = await request(apiEvent("/creators", { caller: creator }), dependencies);
    const post = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator, method: "POST" }), dependencies);

    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect(post).toMatchObject({ status: 405, headers: { allow: "GET" }, body: { error: { code: "METHOD_NOT_ALLOWED" } } });
  });
});

describe("the query layer", () => {
  it.each([
    ["health", "/health"],
    ["creator", "/creators/{creator}"],
    ["fans", "/creators/{creator}/fans?limit=100"],
    ["fans by tier", "/creators/{creator}/fans?tier=BASIC"],
    ["messages", "/creators/{creator}/fans/{fan}/messages"],
    ["revenue", "/creators/{creator}/revenue?from=2026-01-01&to=2026-12-01&granularity=month"],
  ])("answers %s with one SQL statement, however many rows it returns", async (_, template) => {
    const [{ id: fan }] = await query(testDatabaseUrl(), "SELECT id FROM fans WHERE creator_id = $1 AND deleted_at IS NULL LIMIT 1", [creator]);
    const [path, search] = template.replace("{creator}", creator).replace("{fan}", fan).split("?");

    const response = await request(apiEvent(path, { caller: creator, query: search ? Object.fromEntries(new URLSearchParams(search)) : undefined }), dependencies);

    expect(response.status).toBe(200);
    expect(statements.statements).toHaveLength(1);
  });

  it("spends a second statement only on an empty listing, to tell an empty list from a missing creator", async () => {
    const empty = await request(
      apiEvent(`/creators/${creator}/revenue`, { caller: creator, query: { from: "2001-01-01", to: "2001-02-01" } }),
      dependencies,
    );
    const emptyStatements = statements.statements.length;
    statements.clear();
    const missing = await request(apiEvent(`/creators/${deletedCreator}/revenue`, { caller: deletedCreator, query: { from: "2026-01-01", to: "2026-02-01" } }), dependencies);

    expect(empty).toMatchObject({ status: 200, body: { items: [] } });
    expect(emptyStatements).toBe(2);
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect(statements.statements).toHaveLength(2);
  });

  it("selects only the columns a response needs", async () => {
    await request(apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "1" } }), dependencies);

    const listing = statements.statements.find((event) => /FROM "public"\."fans"/.test(event.query))!;
    expect(listing.query).not.toMatch(/"deleted_at" AS|"creator_id" AS|\*/);
  });

  it("every response carries the request id", async () => {
    const event = apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "0" } });

    const response = await request(event, dependencies);

    expect(response.headers["x-request-id"]).toBe(event.requestContext.requestId);
  });
});
