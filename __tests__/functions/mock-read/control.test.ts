/**
 * huntaze-mock-read's request handling as its runtime builds it, with the real AppConfig Data and
 * Lambda clients against local servers speaking their wire protocols. The "candidate" behind the
 * Invoke endpoint is prisma-read's own request handling on the test run's PostgreSQL.
 */
import { AppConfigDataClient } from "@aws-sdk/client-appconfigdata";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { handleControlRequest, READ_PATH_HEADER, type ControlOutcome } from "../../../functions/mock-read/control";
import { createControlRuntime } from "../../../functions/mock-read/runtime";
import { handleReadRequest } from "../../../functions/prisma-read/api/read-api";
import type { OpenReadClient } from "../../../functions/prisma-read/connection/read-client-factory";
import { AwsWireServer, awsError, clientConfig, type WireHandler } from "../../support/aws-wire-server";
import { standardCreatorIds, testDatabaseUrl } from "../../support/database";
import { FakeAppConfigData } from "../../support/fake-appconfig-data";
import { apiEvent, openTestClient, TEST_NOW } from "../../support/read-api";

const CANDIDATE_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:huntaze-prisma-read:live";
let appConfig: FakeAppConfigData;
let lambda: AwsWireServer;
let database: OpenReadClient;
let candidate: WireHandler;
let creator: string;
let outcomes: ControlOutcome[];

/** prisma-read behind the Invoke endpoint: the event in, its proxy result as the payload. */
const realCandidate: WireHandler = async (request) => ({ body: await handleReadRequest(request.json, { db: database, clock: () => TEST_NOW }) });

beforeAll(async () => {
  database = openTestClient(testDatabaseUrl());
  [, creator] = await standardCreatorIds();
});
afterAll(() => database.disconnect());

beforeEach(async () => {
  appConfig = new FakeAppConfigData();
  await appConfig.server.start();
  candidate = realCandidate;
  lambda = await new AwsWireServer().onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", (request) => candidate(request)).start();
  outcomes = [];
});
afterEach(async () => {
  await appConfig.server.stop();
  await lambda.stop();
});

/**
 * A fresh container: its own AppConfig session and clients. The budget is far above what the real
 * candidate needs, even its first query on a busy machine, so only a candidate that never answers
 * runs it out; the timeout case passes a short one and waits that out instead.
 */
function container(candidateBudgetMs = 20_000) {
  const runtime = createControlRuntime(
    {
      FLAG_APPLICATION_ID: "app1234",
      FLAG_ENVIRONMENT_ID: "env1234",
      FLAG_PROFILE_ID: "prof1234",
      CANDIDATE_FUNCTION_ARN: CANDIDATE_ARN,
      CANDIDATE_BUDGET_MS: String(candidateBudgetMs),
      // No case here hangs AppConfig (flag-source.test.ts times a hung call out): the largest
      // timeout allowed keeps a busy machine's first call from ending in the safe default.
      FLAG_CALL_TIMEOUT_MS: "5000",
    },
    { appConfigData: new AppConfigDataClient(clientConfig(appConfig.server)), lambda: new LambdaClient(clientConfig(lambda)) },
  );
  const dependencies = { ...runtime, observe: (outcome: ControlOutcome) => outcomes.push(outcome) };
  return (path: string, caller?: string) => handleControlRequest(apiEvent(path, { caller }), dependencies);
}

it("serves from its own data, without calling the candidate, while the flag is off", async () => {
  appConfig.deployFlag({ enabled: false, mode: "all" });
  const request = container();

  const response = await request(`/creators/${creator}`, creator);

  expect(response.headers?.[READ_PATH_HEADER]).toBe("mock");
  expect(JSON.parse(response.body)).toMatchObject({ id: creator, handle: `creator-${creator.slice(0, 8)}` });
  expect(lambda.calls("Invoke")).toEqual([]);
});

it("hands every read to the candidate when the flag says all, passing its answer on", async () => {
  appConfig.deployFlag({ enabled: true, mode: "all" });
  const request = container();

  const response = await request(`/creators/${creator}/fans`, creator);

  expect(response.statusCode).toBe(200);
  expect(response.headers?.[READ_PATH_HEADER]).toBe("prisma");
  expect(JSON.parse(response.body).items.length).toBeGreaterThan(0);
  expect(lambda.calls("Invoke")[0].json.requestContext.authorizer.claims["custom:creator_id"]).toBe(creator);
});

it.each<[string, WireHandler, string]>([
  ["answers 5xx", () => ({ body: { statusCode: 503, headers: { "retry-after": "5" }, body: '{"error":{"code":"SERVICE_UNAVAILABLE"}}' } }), "server-error"],
  ["times out", () => new Promise(() => undefined), "timeout"],
  ["is throttled by Lambda", () => awsError(429, "TooManyRequestsException", "Rate exceeded"), "invoke-error"],
])("serves the read itself, marked prisma-fallback, when the candidate %s", async (_, failing, reason) => {
  appConfig.deployFlag({ enabled: true, mode: "all" });
  candidate = failing;
  // A candidate that never answers is waited for only as long as the budget: the smallest one allowed.
  const request = container(reason === "timeout" ? 100 : undefined);

  const response = await request(`/creators/${creator}/fans`, creator);

  expect(response.statusCode).toBe(200);
  expect(response.headers?.[READ_PATH_HEADER]).toBe("prisma-fallback");
  expect(JSON.parse(response.body).items.length).toBeGreaterThan(0);
  expect(outcomes.at(-1)).toMatchObject({ servedBy: "prisma-fallback", candidateFailure: { reason } });
});

it("routes everything to itself while AppConfig is down at cold start", async () => {
  appConfig.outage = awsError(500, "InternalServerException", "down");
  const request = container();

  const responses = await Promise.all([request(`/creators/${creator}`, creator), request("/health")]);

  expect(responses.map((response) => [response.statusCode, response.headers?.[READ_PATH_HEADER]])).toEqual([
    [200, "mock"],
    [200, "mock"],
  ]);
  expect(lambda.calls("Invoke")).toEqual([]);
  expect(outcomes.every((outcome) => outcome.flagOrigin === "safe-default")).toBe(true);
});

it("at a percentage, sends each creator the same way on every request, and both ways happen", async () => {
  appConfig.deployFlag({ enabled: true, mode: "percentage", percentage: 50 });
  candidate = () => ({ body: { statusCode: 200, headers: {}, body: '{"items":[],"nextCursor":null}' } });
  const request = container();
  const creators = Array.from({ length: 24 }, (_, index) => `0192f0e4-1f2a-7c3b-8d4e-${String(index).padStart(12, "0")}`);

  const paths = await Promise.all(
    creators.map(async (id) => {
      const seen = new Set<string>();
      for (let attempt = 0; attempt < 3; attempt += 1) seen.add((await request(`/creators/${id}/fans`, id)).headers![READ_PATH_HEADER] as string);
      return [...seen];
    }),
  );

  expect(paths.every((seen) => seen.length === 1)).toBe(true);
  expect(new Set(paths.flat())).toEqual(new Set(["mock", "prisma"]));
});

it("keeps the health check and anonymous calls with itself, and authorizes as the candidate does", async () => {
  appConfig.deployFlag({ enabled: true, mode: "all" });
  const request = container();
  const other = "0192f0e4-1f2a-7c3b-8d4e-000000000001";

  const [health, anonymous] = await Promise.all([request("/health"), request(`/creators/${creator}`)]);
  appConfig.deployFlag({ enabled: false });
  const forbidden = await container()(`/creators/${other}`, creator);

  expect([health.statusCode, health.headers?.[READ_PATH_HEADER]]).toEqual([200, "mock"]);
  expect([anonymous.statusCode, JSON.parse(anonymous.body).error.code, anonymous.headers?.[READ_PATH_HEADER]]).toEqual([401, "UNAUTHORIZED", "mock"]);
  expect([forbidden.statusCode, JSON.parse(forbidden.body).error.code]).toEqual([403, "FORBIDDEN"]);
  expect(lambda.calls("Invoke")).toEqual([]);
});
