/**
 * A profile's active-fan count and its revenue must describe the same moment. A writer commits a
 * new fan and that fan's payment together, again and again, while profiles are read: every profile
 * must show both or neither. Two statements outside one snapshot would sometimes count the fan and
 * miss the payment.
 */
import { randomBytes } from "node:crypto";
import { seedDatabase, STANDARD_SEED } from "../../../database/seed";
import type { ReadApiDependencies } from "../../../functions/prisma-read/api/read-api";
import type { OpenReadClient } from "../../../functions/prisma-read/connection/read-client-factory";
import { query, testDatabaseUrl } from "../../support/database";
import { apiEvent, openTestClient, request, StatementLog, TEST_NOW } from "../../support/read-api";

/** ISO 4217's code reserved for testing: no seeded payment uses it. */
const TEST_CURRENCY = "XTS";
const PAYMENT_CENTS = 100;
const COMMITS = 60;

let database: OpenReadClient;
let dependencies: ReadApiDependencies;
const statements = new StatementLog();

beforeAll(() => {
  database = openTestClient(testDatabaseUrl(), statements);
  dependencies = { db: database, clock: () => TEST_NOW };
});
afterAll(() => database.disconnect());

/** One statement, so one commit: a new active fan and its payment, dated yesterday. */
async function commitFanWithPayment(creatorId: string): Promise<void> {
  await query(
    testDatabaseUrl(),
    `WITH fan AS (
       INSERT INTO fans (id, creator_id, display_name, tier, subscribed_at)
       VALUES (gen_random_uuid(), $1, 'Snapshot fan', 'BASIC', $2::timestamptz - interval '1 day')
       RETURNING id)
     INSERT INTO transactions (id, creator_id, fan_id, type, amount_cents, currency, occurred_at)
     SELECT gen_random_uuid(), $1, fan.id, 'SUBSCRIPTION', $3, $4, $2::timestamptz - interval '1 day' FROM fan`,
    [creatorId, TEST_NOW, PAYMENT_CENTS, TEST_CURRENCY],
  );
}

it("reads the active-fan count and the revenue from one snapshot, in one statement", async () => {
  const { creatorIds } = await seedDatabase(testDatabaseUrl(), {
    ...STANDARD_SEED,
    seed: 11,
    fansPerCreator: [50],
    messagesPerFan: 0,
    transactionsPerFan: 0,
    handlePrefix: `snapshot-${randomBytes(3).toString("hex")}`,
  });
  const creator = creatorIds[0];
  const read = async () => (await request(apiEvent(`/creators/${creator}`, { caller: creator }), dependencies)).body;
  const baseline = (await read()).activeFanCount as number;

  let writing = true;
  const writer = (async () => {
    for (let commit = 0; commit < COMMITS; commit += 1) await commitFanWithPayment(creator);
    writing = false;
  })();
  const observed: Array<{ newFans: number; paidCents: number }> = [];
  while (writing) {
    const profile = await read();
    const payment = profile.revenueLast30Days.find((sum: { currency: string }) => sum.currency === TEST_CURRENCY);
    observed.push({ newFans: profile.activeFanCount - baseline, paidCents: payment?.amountCents ?? 0 });
  }
  await writer;

  expect(observed.filter(({ newFans, paidCents }) => newFans * PAYMENT_CENTS !== paidCents)).toEqual([]);
  // The reads really interleaved with the commits.
  expect(new Set(observed.map(({ newFans }) => newFans)).size).toBeGreaterThan(3);
  statements.clear();
  await read();
  expect(statements.statements).toHaveLength(1);
});
