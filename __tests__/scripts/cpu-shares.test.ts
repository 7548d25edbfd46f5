/**
 * bench:load's CPU columns: each share must follow the work it names. Shares are compared with
 * generous bounds, not timed: the machine is shared, and the test only asks whether each reading
 * moves with its own process's work.
 */
import { cpus } from "node:os";
import { percentText, startCpuShares } from "../../scripts/bench/cpu-shares";
import { query, testDatabaseUrl } from "../support/database";

function spin(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until) {
    // busy on purpose
  }
}

it("counts this process's CPU while its thread is busy, within what the machine has", () => {
  const stop = startCpuShares();
  spin(400);
  const shares = stop();

  expect(shares.cores).toBe(cpus().length);
  expect(shares.thisProcess).toBeGreaterThan(25);
  expect(shares.thisProcess).toBeLessThanOrEqual(shares.cores * 100 + 25);
  expect(shares.machineBusy).toBeGreaterThan(25);
  expect(shares.machineBusy).toBeLessThanOrEqual(shares.cores * 100 + 1);
});

it("counts PostgreSQL's CPU while it computes, and not this process's", async () => {
  const stop = startCpuShares();
  await query(testDatabaseUrl(), "SELECT sum(i) FROM generate_series(1, 3000000) AS i");
  const shares = stop();

  expect(shares.postgres).toBeGreaterThan(25);
  expect(shares.postgres).toBeLessThanOrEqual(shares.cores * 100 + 25);
  // Waiting for the answer costs this process next to nothing.
  expect(shares.thisProcess).toBeLessThan(shares.postgres!);
});

it("writes a share as a whole percentage, and n/a where it could not be read", () => {
  expect(percentText(152.4)).toBe("152 %");
  expect(percentText(undefined)).toBe("n/a");
});
