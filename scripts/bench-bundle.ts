/**
 * `npm run bench:bundle`: each function's zip size and cold start (a fresh Node process importing
 * the bundle and serving a first GET /health), median of several runs.
 * Targets: prisma-read zip ≤ 1.2 MB, mock-read zip ≤ 200 KB.
 *
 * Then the AWS SDK decision: a probe handler creating Lambda and Secrets Manager clients, built
 * with the SDK bundled and with it left to the runtime (imported from node_modules on disk, as
 * the nodejs22.x runtime's own copy would be).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFunction } from "../bundling/bundle-function";
import { bundleAllFunctions, FUNCTION_ENTRIES } from "../bundling/functions";
import { invokeZippedHandlerCold } from "../bundling/run-zipped-handler";
import { median } from "./bench/measure";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ZIP_TARGET_BYTES: Record<string, number> = { "mock-read": 200 * 1024, "prisma-read": 1.2 * 1024 * 1024 };
const HEALTH_EVENT = { httpMethod: "GET", path: "/health", headers: {}, requestContext: { requestId: "bench" } };

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const outdir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
let met = true;
try {
  const artifacts = bundleAllFunctions(join(__dirname, ".."), outdir);
  console.log("| function | bundle | zip | zip target | import (median) | first request (median) | fresh process (median) |");
  console.log("|---|---|---|---|---|---|---|");
  for (const name of Object.keys(ZIP_TARGET_BYTES)) {
    if (!(name in FUNCTION_ENTRIES)) {
      console.log(`| ${name} | not built yet | | ≤ ${kib(ZIP_TARGET_BYTES[name])} | | | |`);
      continue;
    }
    const artifact = artifacts[name as keyof typeof artifacts];
    const runs = Array.from({ length: RUNS }, () => invokeZippedHandlerCold(artifact.zipPath, HEALTH_EVENT));
    const withinTarget = artifact.zipBytes <= ZIP_TARGET_BYTES[name];
    met &&= withinTarget;
    console.log(
      `| ${name} | ${kib(artifact.bundleBytes)} | ${kib(artifact.zipBytes)} | ≤ ${kib(ZIP_TARGET_BYTES[name])} ${withinTarget ? "met" : "MISSED"} | ` +
        `${median(runs.map((run) => run.importMs)).toFixed(1)} ms | ${median(runs.map((run) => run.firstRequestMs)).toFixed(1)} ms | ` +
        `${median(runs.map((run) => run.processMs)).toFixed(0)} ms |`,
    );
  }

  console.log("\nAWS SDK v3 (Lambda + Secrets Manager clients at module scope):\n");
  console.log("| SDK | zip | import (median) | fresh process (median) |");
  console.log("|---|---|---|---|");
  const projectRoot = join(__dirname, "..");
  const probe = join(projectRoot, "scripts", "bench", "sdk-probe-handler.ts");
  for (const [label, external] of [["bundled", []], ["runtime's copy", ["@aws-sdk/*", "@smithy/*"]]] as const) {
    const artifact = bundleFunction({ name: `sdk-${external.length === 0 ? "bundled" : "external"}`, entry: probe, outdir, external });
    const nodeModules = external.length === 0 ? undefined : join(projectRoot, "node_modules");
    const runs = Array.from({ length: RUNS }, () => invokeZippedHandlerCold(artifact.zipPath, HEALTH_EVENT, { runtimeNodeModules: nodeModules }));
    console.log(
      `| ${label} | ${kib(artifact.zipBytes)} | ${median(runs.map((run) => run.importMs)).toFixed(1)} ms | ` +
        `${median(runs.map((run) => run.processMs)).toFixed(0)} ms |`,
    );
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
console.log(met ? "\nzip targets met for the functions built" : "\nZIP TARGETS MISSED");
process.exitCode = met ? 0 : 1;
