/**
 * The control's hand-off to the candidate, with the real Lambda client against a local server that
 * speaks Lambda's Invoke wire protocol.
 */
import { LambdaClient } from "@aws-sdk/client-lambda";
import { invokeCandidate } from "../../../functions/mock-read/candidate/invoke-candidate";
import { AwsWireServer, awsError, clientConfig, type WireHandler } from "../../support/aws-wire-server";
import { apiEvent } from "../../support/read-api";

const ALIAS_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:huntaze-prisma-read:live";
const CREATOR = "0192f0e4-1f2a-7c3b-8d4e-5f6a7b8c9d0e";
let lambda: AwsWireServer;
let answer: WireHandler;

beforeEach(async () => {
  answer = () => ({ body: { statusCode: 200, headers: {}, body: "{}" } });
  lambda = await new AwsWireServer().onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", (request) => answer(request)).start();
});
afterEach(() => lambda.stop());

/**
 * The budget is far above what the local server takes to answer, even a first call on a busy
 * machine, so only a candidate that never answers runs it out; the timeout case passes a short one.
 */
const invoke = (budgetMs = 20_000) =>
  invokeCandidate(new LambdaClient(clientConfig(lambda)), apiEvent(`/creators/${CREATOR}/fans`, { caller: CREATOR }), { functionArn: ALIAS_ARN, budgetMs });

it("invokes the candidate's live alias synchronously with the original event, claims included, and returns its answer", async () => {
  answer = () => ({ body: { statusCode: 200, headers: { "content-type": "application/json" }, body: '{"items":[],"nextCursor":null}' } });

  const outcome = await invoke();

  const [call] = lambda.calls("Invoke");
  expect(call.params.name).toBe(ALIAS_ARN);
  expect(call.headers["x-amz-invocation-type"]).toBe("RequestResponse");
  expect(call.json).toMatchObject({ path: `/creators/${CREATOR}/fans`, requestContext: { authorizer: { claims: { "custom:creator_id": CREATOR } } } });
  expect(outcome).toEqual({ ok: true, response: { statusCode: 200, headers: { "content-type": "application/json" }, body: '{"items":[],"nextCursor":null}' } });
});

it("passes the candidate's 4xx on: a 403 or 404 is an answer, not a failure", async () => {
  answer = () => ({ body: { statusCode: 404, headers: {}, body: '{"error":{"code":"NOT_FOUND","message":"creator not found"}}' } });

  expect(await invoke()).toMatchObject({ ok: true, response: { statusCode: 404 } });
});

it.each<[string, WireHandler, string]>([
  ["a 5xx answer", () => ({ body: { statusCode: 503, headers: { "retry-after": "1" }, body: "{}" } }), "server-error"],
  ["an unhandled error in the function", () => ({ headers: { "x-amz-function-error": "Unhandled" }, body: { errorType: "Error", errorMessage: "boom" } }), "function-error"],
  ["Lambda refusing the call", () => awsError(429, "TooManyRequestsException", "Rate exceeded"), "invoke-error"],
  ["a payload that is not a proxy result", () => ({ body: { hello: "world" } }), "malformed-response"],
  ["no answer within the budget", () => new Promise(() => undefined), "timeout"],
])("reports %s as a failure for the control to serve instead", async (_, handler, failure) => {
  answer = handler;

  expect(await invoke(failure === "timeout" ? 300 : undefined)).toMatchObject({ ok: false, failure });
});
