/**
 * `npm run bench:synth`: the wall time and peak memory of `npm run synth` (every stack, JSON and
 * HCL), next to merely loading the @cdktf/provider-aws barrel in the same run. The ratio is what
 * counts on a shared machine: the targets are synth ≤ ½ of the barrel load and < 300 MB.
 *
 * Synth is measured twice: with the function bundles up to date (every synth but the first after a
 * code change: bundles are rebuilt only when their inputs change), and as on a fresh clone, where
 * esbuild builds every bundle first.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BUILD_DIR } from "../bundling/build";
import { formatRow, measureInRounds, type Measurement } from "./bench/measure";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SYNTH_TIME_RATIO_TARGET = 0.5;
const SYNTH_PEAK_MEMORY_TARGET_MB = 300;
const PROJECT_ROOT = join(__dirname, "..");
const REPORT_USAGE = join(__dirname, "bench", "report-usage.cjs");
// Exactly what `npm run synth` runs after its db:generate step: bundle the handlers, synthesize JSON
// and HCL, format the HCL.
const SYNTH = ["scripts/run-ts.mjs", "scripts/synth.ts"];
const removeBuilds = () => rmSync(join(PROJECT_ROOT, BUILD_DIR), { recursive: true, force: true });

// In rounds: the barrel, a fresh clone's synth (which leaves every bundle built), then a synth with
// bundles up to date.
const [barrel, fresh, upToDate] = measureInRounds(
  [
    { label: "load the @cdktf/provider-aws barrel (reference)", nodeArgs: ["-e", 'require("@cdktf/provider-aws")'] },
    { label: "npm run synth on a fresh clone: build every bundle + all stacks, JSON + HCL", nodeArgs: SYNTH, beforeEachRun: removeBuilds },
    { label: "npm run synth, bundles up to date: all stacks, JSON + HCL", nodeArgs: SYNTH },
  ],
  RUNS,
  REPORT_USAGE,
);

const ratio = (measurement: Measurement) => measurement.medianSeconds / barrel.medianSeconds;
console.log(`| what | median wall time | peak memory | runs |`);
console.log(`|---|---|---|---|`);
for (const row of [barrel, upToDate, fresh]) console.log(formatRow(row));
console.log();
console.log(`synth / barrel load, bundles up to date: ${ratio(upToDate).toFixed(2)} (target ≤ ${SYNTH_TIME_RATIO_TARGET})`);
console.log(`synth / barrel load, fresh clone:        ${ratio(fresh).toFixed(2)}`);
console.log(
  `peak memory: ${upToDate.peakMemoryMb.toFixed(0)} MB up to date, ${fresh.peakMemoryMb.toFixed(0)} MB fresh ` +
    `(target < ${SYNTH_PEAK_MEMORY_TARGET_MB} MB)`,
);
const met = ratio(upToDate) <= SYNTH_TIME_RATIO_TARGET && upToDate.peakMemoryMb < SYNTH_PEAK_MEMORY_TARGET_MB;
console.log(met ? "targets met" : "TARGETS MISSED");
process.exitCode = met ? 0 : 1;
