/**
 * Keyset pagination while the table changes: fans are inserted between and during page reads,
 * many at a timestamp existing fans already hold. Every fan that existed when the walk began must
 * appear exactly once; none may appear twice.
 */
import { randomBytes } from "node:crypto";
import { seedDatabase, STANDARD_SEED } from "../../../database/seed";
import type { ReadApiDependencies } from "../../../functions/prisma-read/api/read-api";
import type { OpenReadClient } from "../../../functions/prisma-read/connection/read-client-factory";
import { query, testDatabaseUrl } from "../../support/database";
import { apiEvent, openTestClient, request, TEST_NOW } from "../../support/read-api";

let database: OpenReadClient;
let dependencies: ReadApiDependencies;

beforeAll(() => {
  database = openTestClient(testDatabaseUrl());
  dependencies = { db: database, clock: () => TEST_NOW };
});
afterAll(() => database.disconnect());

/** Inserts fans until told to stop, at timestamps fans already have (ties) and at new ones. */
async function insertFansUntil(creatorId: string, done: () => boolean): Promise<number> {
  let inserted = 0;
  while (!done()) {
    await query(
      testDatabaseUrl(),
      `INSERT INTO fans (id, creator_id, display_name, tier, subscribed_at)
       SELECT gen_random_uuid(), $1, 'Concurrent fan', 'FREE',
              CASE WHEN random() < 0.5 THEN (SELECT subscribed_at FROM fans WHERE creator_id = $1 ORDER BY random() LIMIT 1)
                   ELSE now() - random() * interval '730 days' END
         FROM generate_series(1, 3)`,
      [creatorId],
    );
    inserted += 3;
  }
  return inserted;
}

it("walks every fan exactly once while fans are inserted concurrently", async () => {
  const { creatorIds } = await seedDatabase(testDatabaseUrl(), {
    ...STANDARD_SEED,
    seed: 7,
    fansPerCreator: [400],
    messagesPerFan: 0,
    transactionsPerFan: 0,
    handlePrefix: `paging-${randomBytes(3).toString("hex")}`,
  });
  const creator = creatorIds[0];
  const before = await query(testDatabaseUrl(), "SELECT id FROM fans WHERE creator_id = $1 AND deleted_at IS NULL", [creator]);

  let walking = true;
  const inserting = insertFansUntil(creator, () => !walking);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await request(
      apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "15", ...(cursor && { cursor }) } }),
      dependencies,
    );
    expect(response.status).toBe(200);
    seen.push(...response.body.items.map((fan: { id: string }) => fan.id));
    cursor = response.body.nextCursor;
  } while (cursor);
  walking = false;
  const inserted = await inserting;

  const counts = new Map<string, number>();
  for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect([...counts].filter(([, count]) => count > 1)).toEqual([]);
  expect(before.filter((row) => !counts.has(row.id))).toEqual([]);
  expect(inserted).toBeGreaterThan(0);
});
