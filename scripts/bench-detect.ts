/**
 * `npm run bench:detect`: how fast the prod stack's alarms see each failure they exist to catch.
 * It runs the alarm evaluation suite (__tests__/alarm-evaluation/detection.test.ts: the deployable
 * zips serving real requests, their metrics replayed as steady traffic against the synthesized
 * alarms) and prints, for each firing scenario, the time from the first failing request to ALARM.
 * Target: at most 60 s. The evaluation stamps each datapoint with its request's second; the
 * seconds CloudWatch takes to ingest a log line come on top.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TARGET_SECONDS = 60;

function main(): number {
  const folder = mkdtempSync(join(tmpdir(), "bench-detect-"));
  const report = join(folder, "detection.json");
  try {
    const jest = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "__tests__/alarm-evaluation/detection.test.ts", "--silent"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ALARM_DETECTION_REPORT: report },
    });
    if (jest.status !== 0) {
      console.error("bench:detect: the alarm evaluation failed; its output is above");
      return 1;
    }
    const times = JSON.parse(readFileSync(report, "utf8")) as Array<{ scenario: string; alarm: string; seconds: number }>;
    console.log("\n| scenario | alarm | first failing request to ALARM |");
    console.log("|---|---|---|");
    for (const { scenario, alarm, seconds } of times) console.log(`| ${scenario} | ${alarm} | ${seconds} s |`);
    const slowest = Math.max(...times.map((time) => time.seconds));
    console.log(`\nSlowest: ${slowest} s (target ≤ ${TARGET_SECONDS} s): ${slowest <= TARGET_SECONDS ? "met" : "MISSED"}`);
    return slowest <= TARGET_SECONDS ? 0 : 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

process.exitCode = main();
