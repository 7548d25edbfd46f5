/**
 * `npm run bench:shadow`: what shadow mode costs the control's callers. The control's request
 * handling runs as one Lambda execution environment runs it, one invocation at a time, with the
 * real after-response extension (functions/shared/after-response.ts) registered with a local
 * Extensions API, the real Lambda client sending the shadow read's Event invocation to a local
 * Invoke endpoint, and the runtime's post of each response to a local runtime API. Rounds alternate
 * shadow off (the flag off) and on (shadow at 100 %: every creator's read dispatched).
 *
 * For each invocation it measures, from the INVOKE event:
 * - the caller's latency: until the runtime API has the response (what API Gateway waits for);
 * - the environment's hold: until the extension asks for its next event, which is when Lambda may
 *   freeze it or hand it the next invocation (what the shadow dispatch costs: concurrency, billed time).
 * and prints p50 and p95 of each per round and per mode, and shadow-on ÷ off.
 *
 * Lambda accepts an Event invocation in tens of milliseconds; the local endpoint answers 202 after
 * BENCH_ACCEPT_MS (20) to stand in for that. Invocations start BENCH_INTERVAL_MS (80) apart, in both
 * modes, as callers arrive at an environment: run back to back, the mode without a dispatch would
 * leave the process no idle time (garbage collection, the other work of a shared machine), and the
 * comparison would measure that instead. BENCH_ROUNDS (6, alternated), BENCH_REQUESTS (200 per round).
 */
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { PrismaReadFlag } from "../functions/mock-read/flag/prisma-read-flag";
import { dispatchShadowRead } from "../functions/mock-read/candidate/dispatch-shadow-read";
import { handleControlRequest, type ControlDependencies } from "../functions/mock-read/control";
import { mockReadSource } from "../functions/mock-read/mock-data/mock-read-source";
import { AfterResponseQueue, runAfterResponses } from "../functions/shared/after-response";
import { AwsWireServer, clientConfig } from "../__tests__/support/aws-wire-server";
import { FakeExtensionsApi } from "../__tests__/support/fake-extensions-api";
import { proxyEvent } from "./lib/proxy-event";
import { exitAfterOutput } from "./exit-after-output";

const ROUNDS = wholeNumber("BENCH_ROUNDS", 6);
const REQUESTS = wholeNumber("BENCH_REQUESTS", 200);
const ACCEPT_MS = wholeNumber("BENCH_ACCEPT_MS", 20);
const INTERVAL_MS = wholeNumber("BENCH_INTERVAL_MS", 80);
const CANDIDATE_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:huntaze-prisma-read:live";
const MODES: ReadonlyArray<{ name: "off" | "on"; flag: PrismaReadFlag }> = [
  { name: "off", flag: { mode: "off", percentage: 0 } },
  { name: "on", flag: { mode: "shadow", percentage: 100 } },
];

function wholeNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a whole number of at least 1, got "${value}"`);
  return Number(value);
}

/** The nearest-rank percentile. */
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

/** Creators and routes the reads cycle through: profiles, fan pages, revenue by month. */
function readPath(index: number): { path: string; creator: string } {
  const creator = `0192f0e4-1f2a-7c3b-8d4e-${String(index % 20).padStart(12, "0")}`;
  const paths = [`/creators/${creator}`, `/creators/${creator}/fans?limit=20`, `/creators/${creator}/revenue?from=2025-11-01&to=2026-11-01&granularity=month`];
  return { path: paths[index % paths.length], creator };
}

async function main(): Promise<number> {
  const arrivals = new Map<string, number>();
  const lambda = await new AwsWireServer()
    .onRoute("POST", /^\/2015-03-31\/functions\/(?<name>[^/]+)\/invocations$/, "Invoke", () => new Promise((resolve) => setTimeout(() => resolve({ status: 202 }), ACCEPT_MS)))
    // The runtime's post of the function's response: the moment the caller's answer leaves the environment.
    .onRoute("POST", /^\/2018-06-01\/runtime\/invocation\/(?<id>[^/]+)\/response$/, "Response", (request) => {
      arrivals.set(request.params.id, performance.now());
      return { status: 202 };
    })
    .start();
  const extensions = await new FakeExtensionsApi().start();
  try {
    let dispatchFailures = 0;
    const afterResponse = new AfterResponseQueue(() => (dispatchFailures += 1));
    await runAfterResponses(afterResponse, { AWS_LAMBDA_RUNTIME_API: extensions.runtimeApi });
    const client = new LambdaClient(clientConfig(lambda));
    let flag = MODES[0].flag;
    const dependencies: ControlDependencies = {
      flags: { flag: async () => ({ flag, origin: "local-file" }) },
      candidate: async () => ({ ok: false, failure: "invoke-error", detail: "not in this benchmark" }),
      source: mockReadSource(),
      clock: () => new Date(),
      shadow: (payload) => dispatchShadowRead(client, payload, { functionArn: CANDIDATE_ARN }),
      afterResponse,
    };
    const postResponse = (requestId: string, body: string) =>
      fetch(`${lambda.endpoint}/2018-06-01/runtime/invocation/${requestId}/response`, { method: "POST", body }).then((response) => response.arrayBuffer());

    const results: Record<"off" | "on", { caller: number[]; held: number[] }> = { off: { caller: [], held: [] }, on: { caller: [], held: [] } };
    console.log(`${ROUNDS} rounds of ${REQUESTS} invocations ${INTERVAL_MS} ms apart, shadow off and on alternated; Event invocations accepted after ${ACCEPT_MS} ms\n`);
    console.log("| round | shadow | caller p50 | caller p95 | environment held p50 | environment held p95 |");
    console.log("|---|---|---|---|---|---|");
    let invocation = 0;
    let nextStart = 0;
    // Two warm-up rounds first, one per mode, printed but not counted: the mock data's cache, the
    // clients' connections and the JIT are warm for every counted round alike.
    for (let round = -MODES.length; round < ROUNDS; round += 1) {
      const mode = MODES[(round + MODES.length) % MODES.length];
      flag = mode.flag;
      const caller: number[] = [];
      const held: number[] = [];
      for (let index = 0; index < REQUESTS; index += 1, invocation += 1) {
        const { path, creator } = readPath(index);
        const requestId = `bench-${invocation}`;
        const event = proxyEvent(path, { caller: creator, requestId });
        await extensions.waitForNext();
        const due = nextStart - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        const started = performance.now();
        nextStart = started + INTERVAL_MS;
        await extensions.invoke(requestId);
        const response = await handleControlRequest(event, dependencies);
        afterResponse.endInvocation();
        const posted = postResponse(requestId, JSON.stringify(response));
        await extensions.waitForNext();
        const freed = performance.now();
        await posted;
        caller.push(arrivals.get(requestId)! - started);
        held.push(freed - started);
        arrivals.delete(requestId);
      }
      const warmUp = round < 0;
      if (!warmUp) {
        results[mode.name].caller.push(...caller);
        results[mode.name].held.push(...held);
      }
      console.log(`| ${warmUp ? "warm-up" : round + 1} | ${mode.name} | ${ms(percentile(caller, 0.5))} | ${ms(percentile(caller, 0.95))} | ${ms(percentile(held, 0.5))} | ${ms(percentile(held, 0.95))} |`);
    }
    const ratio = (measure: "caller" | "held", share: number) => percentile(results.on[measure], share) / percentile(results.off[measure], share);
    console.log("\n| shadow | invocations | caller p50 | caller p95 | environment held p50 | environment held p95 |");
    console.log("|---|---|---|---|---|---|");
    for (const mode of ["off", "on"] as const) {
      const { caller, held } = results[mode];
      console.log(`| ${mode} | ${caller.length} | ${ms(percentile(caller, 0.5))} | ${ms(percentile(caller, 0.95))} | ${ms(percentile(held, 0.5))} | ${ms(percentile(held, 0.95))} |`);
    }
    console.log(`| on ÷ off | | ${ratio("caller", 0.5).toFixed(2)}× | ${ratio("caller", 0.95).toFixed(2)}× | ${ratio("held", 0.5).toFixed(2)}× | ${ratio("held", 0.95).toFixed(2)}× |`);
    const dispatched = lambda.calls("Invoke").length;
    const expected = results.on.caller.length + REQUESTS;
    console.log(`\nshadow reads dispatched: ${dispatched} (expected ${expected}, warm-up included), dispatch failures: ${dispatchFailures}`);
    return dispatched === expected && dispatchFailures === 0 ? 0 : 1;
  } finally {
    await Promise.all([lambda.stop(), extensions.stop()]);
  }
}

main().then(exitAfterOutput, (error: unknown) => {
  console.error(`bench:shadow failed: ${error instanceof Error ? error.stack : String(error)}`);
  exitAfterOutput(1);
});
