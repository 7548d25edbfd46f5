/**
 * The control in shadow mode as its runtime builds it: the real AppConfig Data and Lambda clients
 * against local servers that speak their wire protocols, and the after-response extension against
 * a local Extensions API. What is asserted is the order of events: the caller's response, then the
 * candidate's Event invocation, then the extension's next call.
 */
import { AppConfigDataClient } from "@aws-sdk/client-appconfigdata";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { SHADOW_READ_KEY } from "../../../contracts/shadow-read";
import { dispatchShadowRead } from "../../../functions/mock-read/candidate/dispatch-shadow-read";
import { handleControlRequest, READ_PATH_HEADER, type ControlOutcome } from "../../../functions/mock-read/control";
import { creatorBucket } from "../../../functions/mock-read/routing/read-path";
import { createControlRuntime } from "../../../functions/mock-read/runtime";
import { AfterResponseQueue, runAfterResponses } from "../../../functions/shared/after-response";
import { AwsWireServer, awsError, clientConfig, type WireResponse } from "../../support/aws-wire-server";
import { FakeAppConfigData } from "../../support/fake-appconfig-data";
import { FakeExtensionsApi } from "../../support/fake-extensions-api";
import { waitFor } from "../../support/local-read-path";
import { apiEvent } from "../../support/read-api";

const CANDIDATE_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:huntaze-prisma-read:live";
const CREATOR = "0192f0e4-1f2a-7c3b-8d4e-5f6a7b8c9d0e";
let appConfig: FakeAppConfigData;
let lambda: AwsWireServer;
let extensions: FakeExtensionsApi;
let invokeAnswer: () => WireResponse | Promise<WireResponse>;

beforeEach(async () => {
  appConfig = new FakeAppConfigData();
  await appConfig.server.start();
  extensions = await new FakeExtensionsApi().start();
  invokeAnswer = () => ({ status: 202 });
  lambda = await new AwsWireServer()
    .onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", (request) => {
      extensions.note(`Invoke ${request.headers["x-amz-invocation-type"]}`);
      return invokeAnswer();
    })
    .start();
});
afterEach(async () => {
  await Promise.all([appConfig.server.stop(), lambda.stop(), extensions.stop()]);
});

const withRequestId = (event: APIGatewayProxyEvent, requestId: string): APIGatewayProxyEvent => ({ ...event, requestContext: { ...event.requestContext, requestId } });

/** A fresh container of the control, its flag from the local AppConfig. */
function container() {
  const runtime = createControlRuntime(
    { FLAG_APPLICATION_ID: "app1234", FLAG_ENVIRONMENT_ID: "env1234", FLAG_PROFILE_ID: "prof1234", CANDIDATE_FUNCTION_ARN: CANDIDATE_ARN, FLAG_CALL_TIMEOUT_MS: "5000" },
    { appConfigData: new AppConfigDataClient(clientConfig(appConfig.server)), lambda: new LambdaClient(clientConfig(lambda)) },
  );
  const outcomes: ControlOutcome[] = [];
  return { runtime, outcomes, dependencies: { ...runtime, observe: (outcome: ControlOutcome) => outcomes.push(outcome) } };
}

it("serves every read itself in shadow mode, answers the caller, and only then hands the read to the candidate's live alias as an Event invocation, from the after-response extension", async () => {
  appConfig.deployFlag({ enabled: true, mode: "shadow", percentage: 100 });
  const { runtime, dependencies, outcomes } = container();
  await runAfterResponses(runtime.afterResponse, { AWS_LAMBDA_RUNTIME_API: extensions.runtimeApi });
  await extensions.waitForNext();
  const event = apiEvent(`/creators/${CREATOR}/fans`, { caller: CREATOR, query: { limit: "2" } });

  await extensions.invoke(event.requestContext.requestId);
  const response = await handleControlRequest(event, dependencies);
  extensions.note("response returned");
  runtime.afterResponse.endInvocation();
  await waitFor("the extension's next call", () => extensions.nextCalls === 2);

  expect(response.statusCode).toBe(200);
  expect(response.headers?.[READ_PATH_HEADER]).toBe("mock");
  expect(outcomes).toEqual([expect.objectContaining({ servedBy: "mock", shadowed: true })]);
  expect(extensions.log.slice(2)).toEqual([`invoke ${event.requestContext.requestId}`, "response returned", "Invoke Event", "next"]);
  const [call] = lambda.calls("Invoke");
  expect(call.params.name).toBe(CANDIDATE_ARN);
  expect(call.json).toEqual({
    [SHADOW_READ_KEY]: { version: 1, route: "fans", event: JSON.parse(JSON.stringify(event)), control: { statusCode: 200, body: response.body } },
  });
});

it("leaves reads outside the sample, the health check and anonymous calls out of the shadow", async () => {
  appConfig.deployFlag({ enabled: true, mode: "shadow", percentage: 50 });
  const { runtime, dependencies, outcomes } = container();
  await runAfterResponses(runtime.afterResponse, {});
  // Request ids on either side of the sample, found by the hash the sample uses.
  const requestIds = Array.from({ length: 100 }, (_, index) => `request-${index}`);
  const outside = withRequestId(apiEvent(`/creators/${CREATOR}`, { caller: CREATOR }), requestIds.find((id) => creatorBucket(id) >= 50)!);
  const inside = withRequestId(apiEvent(`/creators/${CREATOR}`, { caller: CREATOR }), requestIds.find((id) => creatorBucket(id) < 50)!);

  for (const event of [apiEvent("/health", {}), apiEvent(`/creators/${CREATOR}`), outside, inside]) {
    await handleControlRequest(event, dependencies);
    runtime.afterResponse.endInvocation();
  }
  await waitFor("the sampled read's Event invocation", () => lambda.calls("Invoke").length > 0);

  expect(outcomes.map((outcome) => [outcome.statusCode, outcome.servedBy, outcome.shadowed])).toEqual([
    [200, "mock", false],
    [401, "mock", false],
    [200, "mock", false],
    [200, "mock", true],
  ]);
  expect(lambda.calls("Invoke").map((call) => call.json[SHADOW_READ_KEY].event.requestContext.requestId)).toEqual([inside.requestContext.requestId]);
});

it("reports a dispatch Lambda refuses to the queue's failure count, never to the caller", async () => {
  appConfig.deployFlag({ enabled: true, mode: "shadow", percentage: 100 });
  invokeAnswer = () => awsError(429, "TooManyRequestsException", "Rate exceeded");
  const { dependencies } = container();
  const failures: unknown[] = [];
  const afterResponse = new AfterResponseQueue((error) => failures.push(error));
  await runAfterResponses(afterResponse, {});

  const response = await handleControlRequest(apiEvent(`/creators/${CREATOR}`, { caller: CREATOR }), { ...dependencies, afterResponse });
  afterResponse.endInvocation();
  await waitFor("the failed dispatch", () => failures.length > 0);

  expect(response.statusCode).toBe(200);
  expect(String(failures[0])).toBe(`ShadowDispatchError: the shadow read's Event invocation of ${CANDIDATE_ARN} failed: TooManyRequestsException: Rate exceeded`);
});

it("abandons a dispatch Lambda does not accept in time, naming the wait", async () => {
  invokeAnswer = () => new Promise<WireResponse>(() => undefined);
  const client = new LambdaClient(clientConfig(lambda));

  await expect(dispatchShadowRead(client, { [SHADOW_READ_KEY]: { version: 1, route: "fans", event: {}, control: { statusCode: 200, body: "{}" } } }, { functionArn: CANDIDATE_ARN, timeoutMs: 100 })).rejects.toThrow(
    `the shadow read's Event invocation of ${CANDIDATE_ARN} failed: not accepted within 100 ms`,
  );
});
