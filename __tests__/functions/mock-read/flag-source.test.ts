/**
 * The control's flag, read by the real AppConfig Data client from a local server that speaks its
 * wire protocol (support/fake-appconfig-data.ts). Time is a clock the test moves.
 */
import { AppConfigDataClient } from "@aws-sdk/client-appconfigdata";
import { FlagSource } from "../../../functions/mock-read/flag/flag-source";
import { SAFE_DEFAULT_FLAG } from "../../../functions/mock-read/flag/prisma-read-flag";
import { awsError, clientConfig } from "../../support/aws-wire-server";
import { FakeAppConfigData } from "../../support/fake-appconfig-data";

let appConfig: FakeAppConfigData;
let clock: number;
let failures: unknown[];
let source: FlagSource;

/**
 * The source under test, on the test's clock. Its call timeout is far above what the local
 * AppConfig takes to answer, even a first call on a busy machine, so only a call that hangs runs it
 * out; the hang case passes a short one and waits that out instead.
 */
function flagSource(callTimeoutMs = 5_000): FlagSource {
  return new FlagSource(
    new AppConfigDataClient(clientConfig(appConfig.server)),
    {
      application: "huntaze",
      environment: "prod",
      profile: "read-path-flags",
      minimumPollIntervalSeconds: 15,
      retryAfterSeconds: 20,
      callTimeoutMs,
      onFailure: (error) => failures.push(error),
    },
    () => clock,
  );
}

beforeEach(async () => {
  appConfig = new FakeAppConfigData();
  await appConfig.server.start();
  clock = 1_000_000;
  failures = [];
  source = flagSource();
});
afterEach(() => appConfig.server.stop());

const seconds = (count: number) => (clock += count * 1000);

it("starts one session per container and reads the flag", async () => {
  appConfig.deployFlag({ enabled: true, mode: "percentage", percentage: 30 });

  expect(await source.flag()).toEqual({ flag: { mode: "percentage", percentage: 30 }, origin: "appconfig" });
  expect(appConfig.server.calls("StartConfigurationSession").map((call) => call.json)).toEqual([
    {
      ApplicationIdentifier: "huntaze",
      EnvironmentIdentifier: "prod",
      ConfigurationProfileIdentifier: "read-path-flags",
      RequiredMinimumPollIntervalInSeconds: 15,
    },
  ]);
});

it("polls no sooner than AppConfig's NextPollIntervalInSeconds, then picks up a changed flag", async () => {
  appConfig.pollIntervalSeconds = 45;
  appConfig.deployFlag({ enabled: true, mode: "percentage", percentage: 10 });
  await source.flag();
  appConfig.deployFlag({ enabled: true, mode: "all" });

  seconds(44);
  const early = await source.flag();
  seconds(1);
  const due = await source.flag();

  expect(early.flag).toEqual({ mode: "percentage", percentage: 10 });
  expect(due.flag).toEqual({ mode: "all", percentage: 100 });
  expect(appConfig.server.calls("GetLatestConfiguration")).toHaveLength(2);
  expect(appConfig.server.calls("StartConfigurationSession")).toHaveLength(1);
});

it("spends each token once, and keeps the flag when AppConfig answers with an empty body", async () => {
  appConfig.deployFlag({ enabled: true, mode: "percentage", percentage: 25 });
  await source.flag();
  seconds(30);
  const unchanged = await source.flag();
  seconds(30);
  await source.flag();

  const calls = appConfig.server.calls("GetLatestConfiguration");
  const tokens = calls.map((call) => call.query.get("configuration_token"));
  expect(unchanged).toEqual({ flag: { mode: "percentage", percentage: 25 }, origin: "appconfig" });
  expect(calls).toHaveLength(3);
  expect(new Set(tokens).size).toBe(3);
  expect(failures).toEqual([]);
});

it("routes everything to the control while AppConfig is down at cold start, and recovers later", async () => {
  appConfig.outage = awsError(500, "InternalServerException", "AppConfig is having a bad day");

  const cold = await source.flag();
  seconds(5);
  const beforeRetry = await source.flag();
  appConfig.outage = undefined;
  appConfig.deployFlag({ enabled: true, mode: "all" });
  seconds(15);
  const recovered = await source.flag();

  expect(cold).toEqual({ flag: SAFE_DEFAULT_FLAG, origin: "safe-default" });
  expect(beforeRetry.origin).toBe("safe-default");
  // One attempt at cold start, none until the retry is due, then a new session.
  expect(appConfig.server.calls("StartConfigurationSession")).toHaveLength(2);
  expect(recovered).toEqual({ flag: { mode: "all", percentage: 100 }, origin: "appconfig" });
  expect(failures).toHaveLength(1);
});

it("keeps the last known good flag through an outage and through an unusable flag", async () => {
  appConfig.deployFlag({ enabled: true, mode: "percentage", percentage: 40 });
  await source.flag();
  appConfig.outage = awsError(429, "ThrottlingException", "slow down");
  seconds(30);
  const duringOutage = await source.flag();
  appConfig.outage = undefined;
  appConfig.configuration = JSON.stringify({ prismaRead: { enabled: true, mode: "percentage", percentage: 140 } });
  seconds(20);
  const afterBadDeploy = await source.flag();

  expect(duringOutage).toEqual({ flag: { mode: "percentage", percentage: 40 }, origin: "last-known-good" });
  expect(afterBadDeploy).toEqual({ flag: { mode: "percentage", percentage: 40 }, origin: "last-known-good" });
  expect(String(failures[1])).toMatch(/prismaRead flag is unusable: prismaRead\.percentage/);
});

it("gives up on a call that hangs after its time budget, and serves the safe default", async () => {
  appConfig.hang = true;
  source = flagSource(500);

  const result = await source.flag();

  expect(result).toEqual({ flag: SAFE_DEFAULT_FLAG, origin: "safe-default" });
  expect(failures.map((error) => (error as Error).name)).toEqual([expect.stringMatching(/AbortError|TimeoutError/)]);
});

it("shares one poll between callers that arrive while it runs", async () => {
  appConfig.deployFlag({ enabled: true, mode: "all" });

  const flags = await Promise.all([source.flag(), source.flag(), source.flag()]);

  expect(flags.map((current) => current.flag.mode)).toEqual(["all", "all", "all"]);
  expect(appConfig.server.calls("StartConfigurationSession")).toHaveLength(1);
  expect(appConfig.server.calls("GetLatestConfiguration")).toHaveLength(1);
});
