/**
 * prisma-read with ACCELERATE_URL set: the same handler and query layer, with Prisma's client sending
 * its query plans over HTTP to Accelerate. Here "Accelerate" is Prisma's own query plan executor on
 * localhost (support/local-accelerate.ts) in front of the test run's PostgreSQL.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReadApiDependencies } from "../../../functions/prisma-read/api/read-api";
import { ACCELERATE_HOT_READ_CACHE, openReadClient, type OpenReadClient } from "../../../functions/prisma-read/connection/read-client-factory";
import { readDatabaseSettings } from "../../../functions/prisma-read/connection/settings";
import { standardCreatorIds, testDatabaseUrl } from "../../support/database";
import { LocalAccelerate } from "../../support/local-accelerate";
import { apiEvent, openTestClient, request, TEST_NOW } from "../../support/read-api";

const accelerate = new LocalAccelerate(testDatabaseUrl());
let viaAccelerate: OpenReadClient;
let direct: OpenReadClient;
let creator: string;
/** prisma-read's client as the function builds it when only ACCELERATE_URL is set. */
const acceleratedClient = (url: string) => openReadClient(readDatabaseSettings({ ACCELERATE_URL: url }));
const dependencies = (db: OpenReadClient): ReadApiDependencies => ({ db, clock: () => TEST_NOW, retryAfterSeconds: 1 });

/** A port nothing listens on: Accelerate is down. */
let closedPort: number;

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  await accelerate.start();
  viaAccelerate = acceleratedClient(accelerate.url());
  direct = openTestClient(testDatabaseUrl());
  [, creator] = await standardCreatorIds();
});
afterAll(async () => {
  await accelerate.stop();
  await Promise.all([viaAccelerate?.disconnect(), direct?.disconnect()]);
});
beforeEach(() => {
  accelerate.requests.length = 0;
});

/** The requests that carried a query plan, with the cache directive each asked for. */
const queryRequests = () =>
  accelerate.requests.filter((sent) => sent.path === "/query").map((sent) => ({ cacheControl: sent.headers["cache-control"] }));

it("serves the profile through Accelerate, asking it to cache both reads", async () => {
  const event = () => apiEvent(`/creators/${creator}`, { caller: creator });

  const [viaProxy, viaDirect] = await Promise.all([request(event(), dependencies(viaAccelerate)), request(event(), dependencies(direct))]);

  expect(viaProxy.status).toBe(200);
  expect(viaProxy.body).toEqual(viaDirect.body);
  const expected = `max-age=${ACCELERATE_HOT_READ_CACHE.ttl},stale-while-revalidate=${ACCELERATE_HOT_READ_CACHE.swr}`;
  expect(queryRequests()).toEqual([{ cacheControl: expected }, { cacheControl: expected }]);
  expect(accelerate.requests.every((sent) => sent.headers.authorization === `Bearer ${accelerate.apiKey}`)).toBe(true);
});

it("serves listings through Accelerate uncached (no-cache): pages must follow the data", async () => {
  const event = () => apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "5" } });

  const [viaProxy, viaDirect] = await Promise.all([request(event(), dependencies(viaAccelerate)), request(event(), dependencies(direct))]);

  expect(viaProxy.status).toBe(200);
  expect(viaProxy.body).toEqual(viaDirect.body);
  expect(queryRequests()).toEqual([{ cacheControl: "no-cache" }]);
});

it.each([
  ["refuses the API key", () => accelerate.url("revoked-key")],
  ["cannot be reached", () => `prisma+postgres://localhost:${closedPort}/?api_key=unreachable`],
])("answers 503 with Retry-After, and no Prisma message, when Accelerate %s", async (_, url) => {
  const client = acceleratedClient(url());
  try {
    const response = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator }), dependencies(client));

    expect(response).toMatchObject({ status: 503, headers: { "retry-after": "1" }, body: { error: { code: "SERVICE_UNAVAILABLE" } } });
    expect(JSON.stringify(response.body)).not.toMatch(/prisma|api key|fetch|P\d{4}/i);
  } finally {
    await client.disconnect();
  }
});
