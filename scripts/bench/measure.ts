import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Measurement {
  readonly label: string;
  readonly medianSeconds: number;
  readonly peakMemoryMb: number;
  readonly runs: number;
}

/** The middle value of several runs: steadier than the mean on a shared, noisy machine. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/**
 * Runs `node <args>` `runs` times in fresh processes; reports the median wall time and the highest
 * peak RSS, which `reportUsageScript` (report-usage.cjs, preloaded) writes as each process exits.
 */
export function measureNode(
  label: string,
  nodeArgs: readonly string[],
  runs: number,
  reportUsageScript: string,
  /** Runs before each measured process, outside the timing (for example, emptying a cache). */
  beforeEachRun: () => void = () => undefined,
): Measurement {
  const scratch = mkdtempSync(join(tmpdir(), "bench-"));
  const seconds: number[] = [];
  let peakKb = 0;
  try {
    for (let run = 0; run < runs; run += 1) {
      const usageFile = join(scratch, `usage-${run}.json`);
      beforeEachRun();
      const started = performance.now();
      const result = spawnSync(process.execPath, ["-r", reportUsageScript, ...nodeArgs], {
        env: { ...process.env, BENCH_USAGE_FILE: usageFile },
        stdio: ["ignore", "ignore", "inherit"],
      });
      seconds.push((performance.now() - started) / 1000);
      if (result.status !== 0) throw new Error(`${label}: node ${nodeArgs.join(" ")} exited with ${result.status}`);
      peakKb = Math.max(peakKb, (JSON.parse(readFileSync(usageFile, "utf8")) as { maxRssKb: number }).maxRssKb);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { label, medianSeconds: median(seconds), peakMemoryMb: peakKb / 1024, runs };
}

export function formatRow(measurement: Measurement): string {
  return `| ${measurement.label} | ${measurement.medianSeconds.toFixed(2)} s | ${measurement.peakMemoryMb.toFixed(0)} MB | ${measurement.runs} |`;
}
