/**
 * The deployed artifact itself: prisma-read bundled by esbuild and zipped as synth does, unzipped
 * into an empty folder and run in a fresh Node process, against the test run's PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { bundleFunction, type FunctionArtifact } from "../../../bundling/bundle-function";
import { FUNCTION_ENTRIES } from "../../../bundling/functions";
import { PRISMA_WASM_FILE } from "../../../bundling/prisma-wasm-sidecar";
import { invokeZippedHandlerCold, startWarmZippedHandler } from "../../../bundling/run-zipped-handler";
import { query, standardCreatorIds, testDatabaseUrl } from "../../support/database";
import { PROJECT_ROOT } from "../../support/project-copy";
import { apiEvent } from "../../support/read-api";

let outdir: string;
let artifact: FunctionArtifact;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), "prisma-read-bundle-"));
  artifact = bundleFunction({ name: "prisma-read", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["prisma-read"]), outdir });
}, 60_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const environment = () => ({ DATABASE_URL: testDatabaseUrl(), POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" });

it("ships the handler and Prisma's query compiler as a binary file, nothing else", () => {
  const files = unzipSync(readFileSync(artifact.zipPath));

  expect(Object.keys(files).sort()).toEqual(["index.mjs", PRISMA_WASM_FILE]);
  expect(Array.from(files[PRISMA_WASM_FILE].subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
});

it("serves a page of fans from a cold start, with nothing but the zip", async () => {
  const [creator] = await standardCreatorIds();

  const { response } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "3" } }), {
    environment: environment(),
  });

  const { statusCode, body } = response as { statusCode: number; body: string };
  expect(statusCode).toBe(200);
  expect(JSON.parse(body).items).toHaveLength(3);
});

it("logs Prisma's own account of a failure as a structured line, and answers 503", async () => {
  const unreachable = "postgresql://huntaze:secret@127.0.0.1:1/huntaze";

  const { response, stderr } = await invokeZippedHandlerCold(artifact.zipPath, apiEvent("/health"), {
    environment: { DATABASE_URL: unreachable, POWERTOOLS_LOG_LEVEL: "ERROR", POWERTOOLS_METRICS_DISABLED: "true" },
  });

  expect(response).toMatchObject({ statusCode: 503 });
  const lines = stderr.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toContainEqual(expect.objectContaining({ level: "ERROR", source: "prisma", message: expect.stringMatching(/Can't reach database server at 127\.0\.0\.1:1/) }));
});

it("fails its cold start naming the missing setting, before serving anything", async () => {
  await expect(invokeZippedHandlerCold(artifact.zipPath, apiEvent("/health"), { environment: { DATABASE_URL: "", DATABASE_PORT: "x" } })).rejects.toThrow(
    /prisma-read is misconfigured: .*DATABASE_URL/,
  );
});

async function connectionsNamed(applicationName: string): Promise<number> {
  const [{ count }] = await query(testDatabaseUrl(), "SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
  return count;
}

it("closes its database connections and exits cleanly when Lambda sends SIGTERM", async () => {
  const functionName = `huntaze-sigterm-test-${process.pid}`;
  const { child, response, stop } = startWarmZippedHandler(artifact.zipPath, apiEvent("/health"), {
    ...process.env,
    ...environment(),
    AWS_LAMBDA_FUNCTION_NAME: functionName,
  });
  try {
    expect(await response).toMatchObject({ statusCode: 200 });
    expect(await connectionsNamed(functionName)).toBe(1);

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    child.kill("SIGTERM");

    // Exit code 0, not death by the signal: the handler caught it and closed the pool first.
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await connectionsNamed(functionName)).toBe(0);
  } finally {
    stop();
  }
}, 30_000);
