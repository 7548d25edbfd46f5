/**
 * `npm run bench:synth`: the wall time and peak memory of `npm run synth` as a user runs it (npm
 * itself and every step: the Prisma client check, bundling, every stack as JSON and HCL), next to
 * merely loading the @cdktf/provider-aws barrel in the same run. The ratio is what counts on a
 * shared machine: the targets are synth ≤ ½ of the barrel load and < 300 MB.
 *
 * Synth is measured twice: with everything up to date (nothing changed since the last synth: the
 * bundles and the HCL output are reused, see scripts/lib/hcl-output-cache.ts), and as on a fresh clone
 * (dist/ removed: esbuild builds every bundle, the HCL formatter runs), with the Prisma client
 * already generated.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BUILD_DIR } from "../bundling/build";
import { formatRow, measureInRounds, median, type Measurement } from "./bench/measure";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SYNTH_TIME_RATIO_TARGET = 0.5;
const SYNTH_PEAK_MEMORY_TARGET_MB = 300;
const PROJECT_ROOT = join(__dirname, "..");
const REPORT_USAGE = join(__dirname, "bench", "report-usage.cjs");
// npm as the user runs it: `npm run synth`, from the project root.
const SYNTH = { executable: "npm", args: ["run", "synth"] };
const removeBuilds = () => rmSync(join(PROJECT_ROOT, BUILD_DIR), { recursive: true, force: true });

process.chdir(PROJECT_ROOT);
// In rounds: the barrel, a fresh clone's synth (which leaves everything built), then a synth with
// everything up to date.
const [barrel, fresh, upToDate] = measureInRounds(
  [
    { label: "load the @cdktf/provider-aws barrel (reference)", args: ["-e", 'require("@cdktf/provider-aws")'] },
    { label: "npm run synth on a fresh clone: build every bundle, all stacks as JSON + HCL, format the HCL", ...SYNTH, beforeEachRun: removeBuilds },
    { label: "npm run synth, up to date: all stacks as JSON + HCL", ...SYNTH },
  ],
  RUNS,
  REPORT_USAGE,
);

const ratio = (measurement: Measurement) => measurement.medianSeconds / barrel.medianSeconds;
// Each round's synth against the same round's barrel: how much the ratio moved with the machine's load.
const perRound = (measurement: Measurement) => measurement.seconds.map((seconds, round) => seconds / barrel.seconds[round]);
const spread = (values: readonly number[]) =>
  `${Math.min(...values).toFixed(2)} / ${median(values).toFixed(2)} / ${Math.max(...values).toFixed(2)}`;
console.log(`| what | median wall time | peak memory | runs |`);
console.log(`|---|---|---|---|`);
for (const row of [barrel, upToDate, fresh]) console.log(formatRow(row));
console.log();
console.log(`wall times (s): barrel ${barrel.seconds.map((s) => s.toFixed(2)).join(", ")}; up to date ${upToDate.seconds.map((s) => s.toFixed(2)).join(", ")}`);
console.log(
  `synth / barrel load, up to date: ${ratio(upToDate).toFixed(2)} (target ≤ ${SYNTH_TIME_RATIO_TARGET}); ` +
    `per round min / median / max: ${spread(perRound(upToDate))}`,
);
console.log(`synth / barrel load, fresh clone: ${ratio(fresh).toFixed(2)}; per round: ${spread(perRound(fresh))}`);
console.log(
  `peak memory: ${upToDate.peakMemoryMb.toFixed(0)} MB up to date, ${fresh.peakMemoryMb.toFixed(0)} MB fresh ` +
    `(target < ${SYNTH_PEAK_MEMORY_TARGET_MB} MB)`,
);
const met = ratio(upToDate) <= SYNTH_TIME_RATIO_TARGET && upToDate.peakMemoryMb < SYNTH_PEAK_MEMORY_TARGET_MB;
console.log(met ? "targets met" : "TARGETS MISSED");
process.exitCode = met ? 0 : 1;
