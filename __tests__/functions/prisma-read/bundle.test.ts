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
import { invokeZippedHandlerCold } from "../../../bundling/run-zipped-handler";
import { standardCreatorIds, testDatabaseUrl } from "../../support/database";
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

  const { response } = invokeZippedHandlerCold(artifact.zipPath, apiEvent(`/creators/${creator}/fans`, { caller: creator, query: { limit: "3" } }), {
    environment: environment(),
  });

  const { statusCode, body } = response as { statusCode: number; body: string };
  expect(statusCode).toBe(200);
  expect(JSON.parse(body).items).toHaveLength(3);
});

it("fails its cold start naming the missing setting, before serving anything", () => {
  expect(() => invokeZippedHandlerCold(artifact.zipPath, apiEvent("/health"), { environment: { DATABASE_URL: "", DATABASE_PORT: "x" } })).toThrow(
    /prisma-read is misconfigured: .*DATABASE_URL/,
  );
});
