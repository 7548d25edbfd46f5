/**
 * `npm run bench:synth`: the wall time and peak memory of `npm run synth` (every stack, JSON and
 * HCL), next to merely loading the @cdktf/provider-aws barrel in the same run. The ratio is what
 * counts on a shared machine: the targets are synth ≤ ½ of the barrel load and < 300 MB.
 */
import { join } from "node:path";
import { formatRow, measureNode } from "./bench/measure";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SYNTH_TIME_RATIO_TARGET = 0.5;
const SYNTH_PEAK_MEMORY_TARGET_MB = 300;
const REPORT_USAGE = join(__dirname, "bench", "report-usage.cjs");

const barrel = measureNode(
  "load the @cdktf/provider-aws barrel (reference)",
  ["-e", 'require("@cdktf/provider-aws")'],
  RUNS,
  REPORT_USAGE,
);
// Exactly what `npm run synth` runs: bundle the handlers, synthesize JSON and HCL, format the HCL.
const synth = measureNode("npm run synth: bundle + all stacks, JSON + HCL", ["scripts/run-ts.mjs", "scripts/synth.ts"], RUNS, REPORT_USAGE);

const ratio = synth.medianSeconds / barrel.medianSeconds;
console.log(`| what | median wall time | peak memory | runs |`);
console.log(`|---|---|---|---|`);
console.log(formatRow(barrel));
console.log(formatRow(synth));
console.log();
console.log(
  `synth / barrel load: ${ratio.toFixed(2)} (target ≤ ${SYNTH_TIME_RATIO_TARGET}); ` +
    `synth peak ${synth.peakMemoryMb.toFixed(0)} MB (target < ${SYNTH_PEAK_MEMORY_TARGET_MB} MB)`,
);
const met = ratio <= SYNTH_TIME_RATIO_TARGET && synth.peakMemoryMb < SYNTH_PEAK_MEMORY_TARGET_MB;
console.log(met ? "targets met" : "TARGETS MISSED");
process.exitCode = met ? 0 : 1;
