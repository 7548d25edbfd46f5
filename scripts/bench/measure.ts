import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Measurement {
  readonly label: string;
  readonly medianSeconds: number;
  /** Each run's wall time, in the order run. */
  readonly seconds: readonly number[];
  /** The highest peak resident memory of any Node process the command ran (npm's children included). */
  readonly peakMemoryMb: number;
  readonly runs: number;
}

/** The middle value of several runs: steadier than the mean on a shared, noisy machine. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** "min / median / max" of several runs, each to `digits` decimals. */
export function spread(values: readonly number[], digits: number): string {
  return `${Math.min(...values).toFixed(digits)} / ${median(values).toFixed(digits)} / ${Math.max(...values).toFixed(digits)}`;
}

/** One command to measure, in a fresh process each run: `node <args>`, or another executable on the PATH (`npm`). */
export interface MeasuredCommand {
  readonly label: string;
  /** @default - Node, the one running this */
  readonly executable?: string;
  readonly args: readonly string[];
  /** Runs before each measured process, outside the timing (for example, emptying a cache). */
  readonly beforeEachRun?: () => void;
}

/**
 * Runs each command `runs` times in fresh processes, in rounds (every command once per round), so
 * that a burst of load on a shared machine falls on all of them alike; reports each one's wall
 * times and the highest peak RSS of the Node processes it ran, which `reportUsageScript`
 * (report-usage.cjs, preloaded into every one of them through NODE_OPTIONS) writes as each exits.
 */
export function measureInRounds(commands: readonly MeasuredCommand[], runs: number, reportUsageScript: string): Measurement[] {
  const scratch = mkdtempSync(join(tmpdir(), "bench-"));
  const seconds = commands.map(() => [] as number[]);
  const peakKb = commands.map(() => 0);
  try {
    for (let run = 0; run < runs; run += 1) {
      commands.forEach((command, index) => {
        const usageDir = join(scratch, `usage-${index}-${run}`);
        mkdirSync(usageDir);
        command.beforeEachRun?.();
        const started = performance.now();
        const result = spawnSync(command.executable ?? process.execPath, command.args, {
          env: {
            ...process.env,
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require=${JSON.stringify(reportUsageScript)}`.trim(),
            BENCH_USAGE_DIR: usageDir,
          },
          stdio: ["ignore", "ignore", "inherit"],
        });
        seconds[index].push((performance.now() - started) / 1000);
        if (result.status !== 0) throw new Error(`${command.label}: ${command.executable ?? "node"} ${command.args.join(" ")} exited with ${result.status}`);
        for (const file of readdirSync(usageDir)) {
          const usage = JSON.parse(readFileSync(join(usageDir, file), "utf8")) as { maxRssKb: number };
          peakKb[index] = Math.max(peakKb[index], usage.maxRssKb);
        }
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return commands.map((command, index) => ({
    label: command.label,
    medianSeconds: median(seconds[index]),
    seconds: seconds[index],
    peakMemoryMb: peakKb[index] / 1024,
    runs,
  }));
}

export function formatRow(measurement: Measurement): string {
  return `| ${measurement.label} | ${measurement.medianSeconds.toFixed(2)} s | ${measurement.peakMemoryMb.toFixed(0)} MB | ${measurement.runs} |`;
}
