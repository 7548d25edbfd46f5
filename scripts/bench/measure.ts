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

/** One command to measure: `node <nodeArgs>` in a fresh process each run. */
export interface MeasuredCommand {
  readonly label: string;
  readonly nodeArgs: readonly string[];
  /** Runs before each measured process, outside the timing (for example, emptying a cache). */
  readonly beforeEachRun?: () => void;
}

/**
 * Runs each command `runs` times in fresh processes, in rounds (every command once per round), so
 * that a burst of load on a shared machine falls on all of them alike; reports each one's median
 * wall time and highest peak RSS, which `reportUsageScript` (report-usage.cjs, preloaded) writes as
 * each process exits.
 */
export function measureInRounds(commands: readonly MeasuredCommand[], runs: number, reportUsageScript: string): Measurement[] {
  const scratch = mkdtempSync(join(tmpdir(), "bench-"));
  const seconds = commands.map(() => [] as number[]);
  const peakKb = commands.map(() => 0);
  try {
    for (let run = 0; run < runs; run += 1) {
      commands.forEach((command, index) => {
        const usageFile = join(scratch, `usage-${index}-${run}.json`);
        command.beforeEachRun?.();
        const started = performance.now();
        const result = spawnSync(process.execPath, ["-r", reportUsageScript, ...command.nodeArgs], {
          env: { ...process.env, BENCH_USAGE_FILE: usageFile },
          stdio: ["ignore", "ignore", "inherit"],
        });
        seconds[index].push((performance.now() - started) / 1000);
        if (result.status !== 0) throw new Error(`${command.label}: node ${command.nodeArgs.join(" ")} exited with ${result.status}`);
        const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { maxRssKb: number };
        peakKb[index] = Math.max(peakKb[index], usage.maxRssKb);
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return commands.map((command, index) => ({ label: command.label, medianSeconds: median(seconds[index]), peakMemoryMb: peakKb[index] / 1024, runs }));
}

export function formatRow(measurement: Measurement): string {
  return `| ${measurement.label} | ${measurement.medianSeconds.toFixed(2)} s | ${measurement.peakMemoryMb.toFixed(0)} MB | ${measurement.runs} |`;
}
