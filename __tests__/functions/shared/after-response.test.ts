/**
 * Work after the response, the way Lambda lets it run: the internal extension's loop against a
 * local server that speaks the Extensions API (support/fake-extensions-api.ts). Assertions are on
 * the order of events, never on how long anything took.
 */
import {
  AFTER_RESPONSE_EXTENSION_NAME,
  AfterResponseQueue,
  extensionsApi,
  runAfterResponses,
  startAfterResponseExtension,
} from "../../../functions/shared/after-response";
import { FakeExtensionsApi } from "../../support/fake-extensions-api";
import { waitFor } from "../../support/local-read-path";

let lambda: FakeExtensionsApi;
let failures: unknown[];

beforeEach(async () => {
  lambda = await new FakeExtensionsApi().start();
  failures = [];
});
afterEach(() => lambda.stop());

/** A task that notes its start and end in Lambda's log, and finishes only when released. */
function gatedTask(name: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    task: async () => {
      lambda.note(`${name} started`);
      await gate;
      lambda.note(`${name} finished`);
    },
  };
}

it("registers as an internal extension for INVOKE only, runs the invocation's tasks after the handler ends it, and asks for the next event only once they are done", async () => {
  const queue = new AfterResponseQueue((error) => failures.push(error));
  const { stopped } = await startAfterResponseExtension(queue, extensionsApi(lambda.runtimeApi));
  await lambda.waitForNext();

  await lambda.invoke("request-1");
  const dispatch = gatedTask("dispatch");
  queue.add(dispatch.task);
  lambda.note("handler returned");
  queue.endInvocation();
  await waitFor("the dispatch to start", () => lambda.log.includes("dispatch started"));
  const nextCallsWhileRunning = lambda.nextCalls;
  dispatch.release();
  await waitFor("the extension's next call", () => lambda.nextCalls === 2);
  await lambda.shutdown();
  await stopped;

  expect(lambda.registrations).toEqual([{ name: AFTER_RESPONSE_EXTENSION_NAME, events: ["INVOKE"] }]);
  expect(nextCallsWhileRunning).toBe(1);
  expect(lambda.log).toEqual([
    `register ${AFTER_RESPONSE_EXTENSION_NAME} ["INVOKE"]`,
    "next",
    "invoke request-1",
    "handler returned",
    "dispatch started",
    "dispatch finished",
    "next",
    "shutdown",
  ]);
  expect(failures).toEqual([]);
});

it("pairs each INVOKE with its invocation whichever reaches the process first, an invocation without tasks included", async () => {
  const queue = new AfterResponseQueue((error) => failures.push(error));
  const { stopped } = await startAfterResponseExtension(queue, extensionsApi(lambda.runtimeApi));
  await lambda.waitForNext();

  // The handler ends its invocation (no task) before the extension hears of it.
  queue.endInvocation();
  await lambda.invoke("request-1");
  await waitFor("the extension's second next", () => lambda.nextCalls === 2);
  // Then one with a task, the INVOKE first.
  await lambda.invoke("request-2");
  queue.add(async () => lambda.note("request-2's task"));
  queue.endInvocation();
  await waitFor("the extension's third next", () => lambda.nextCalls === 3);
  await lambda.shutdown();
  await stopped;

  expect(lambda.log.slice(1)).toEqual(["next", "invoke request-1", "next", "invoke request-2", "request-2's task", "next", "shutdown"]);
});

it("reports a task's failure, even one thrown before its promise, and carries on with the next invocation", async () => {
  const queue = new AfterResponseQueue((error) => failures.push(error));
  const { stopped } = await startAfterResponseExtension(queue, extensionsApi(lambda.runtimeApi));
  await lambda.waitForNext();

  await lambda.invoke("request-1");
  queue.add(async () => {
    throw new Error("Lambda refused the Event invocation");
  });
  queue.add(() => {
    throw new Error("thrown before any promise");
  });
  queue.add(async () => lambda.note("the other task"));
  queue.endInvocation();
  await waitFor("the extension's second next", () => lambda.nextCalls === 2);
  await lambda.shutdown();
  await stopped;

  expect(lambda.log).toContain("the other task");
  expect(failures).toEqual([new Error("Lambda refused the Event invocation"), new Error("thrown before any promise")]);
});

it("refuses tasks with a reason naming the registration's failure when Lambda refuses to register the extension", async () => {
  lambda.registerAnswer = { status: 403, body: '{"errorType":"Extension.RegistrationClosed"}' };
  const queue = new AfterResponseQueue((error) => failures.push(error));
  await runAfterResponses(queue, { AWS_LAMBDA_RUNTIME_API: lambda.runtimeApi });
  let ran = false;

  queue.add(async () => void (ran = true));
  queue.endInvocation();

  expect(ran).toBe(false);
  expect(failures).toHaveLength(1);
  expect(String(failures[0])).toMatch(/no after-response extension: extension register answered 403 without an identifier: .*RegistrationClosed/);
});

it("gives up registering when Lambda does not answer, so init goes on and tasks are refused naming why", async () => {
  lambda.registerAnswer = "never";
  const queue = new AfterResponseQueue((error) => failures.push(error));
  await runAfterResponses(queue, { AWS_LAMBDA_RUNTIME_API: lambda.runtimeApi }, extensionsApi(lambda.runtimeApi, { registerTimeoutMs: 50 }));

  queue.add(async () => undefined);
  queue.endInvocation();

  expect(lambda.log).toEqual([expect.stringMatching(/^register /)]);
  expect(String(failures[0])).toMatch(/no after-response extension: extension register had no answer within 50 ms/);
});

it("refuses tasks once Lambda answers event/next with an error, as the extension must then stop", async () => {
  const queue = new AfterResponseQueue((error) => failures.push(error));
  lambda.nextAnswer = { status: 500, body: '{"errorType":"Extension.ContainerError"}' };
  const { stopped } = await startAfterResponseExtension(queue, extensionsApi(lambda.runtimeApi));
  await stopped;

  queue.add(async () => undefined);

  expect(failures).toHaveLength(1);
  expect(String(failures[0])).toMatch(/event\/next answered 500/);
});

it("runs tasks in the process, after the handler ends the invocation, where there is no Lambda runtime API (local runs, npm run invoke)", async () => {
  const queue = new AfterResponseQueue((error) => failures.push(error));
  await runAfterResponses(queue, {});
  const order: string[] = [];

  queue.add(async () => void order.push("task"));
  order.push("added");
  await new Promise((resolve) => setImmediate(resolve));
  order.push("before the end");
  queue.endInvocation();
  await waitFor("the task", () => order.includes("task"));

  expect(order).toEqual(["added", "before the end", "task"]);
  expect(lambda.registrations).toEqual([]);
});
