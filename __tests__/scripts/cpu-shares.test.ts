/**
 * bench:load's CPU columns: each share must follow the work it names. Shares are compared with
 * generous bounds, not timed: the machine is shared (CI runs two test files at once beside
 * PostgreSQL), and the test only asks whether each reading moves with its own process's work.
 */
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { setTimeout } from "node:timers/promises";
import { percentText, startCpuShares } from "../../scripts/bench/cpu-shares";
import { query } from "../support/database";
import { startControlledPostgres, type ControlledPostgres } from "../support/postgres-server";

// A PostgreSQL of its own on this machine: the test run's server may be elsewhere (DATABASE_URL),
// where this machine's /proc cannot see it.
let postgres: ControlledPostgres;
beforeAll(async () => {
  postgres = await startControlledPostgres();
}, 60_000);
afterAll(() => postgres?.destroy());

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
  expect(shares.thisProcess).toBeGreaterThan(10);
  expect(shares.thisProcess).toBeLessThanOrEqual(shares.cores * 100 + 25);
  expect(shares.machineBusy).toBeGreaterThan(10);
  expect(shares.machineBusy).toBeLessThanOrEqual(shares.cores * 100 + 1);
});

// The backend is gone by the time the shares are read, as a connection closed mid-phase would be:
// its time must still count (through the postmaster's reaped children).
it("counts PostgreSQL's CPU while it computes, also a backend that has ended since, and not this process's", async () => {
  const stop = startCpuShares();
  const [{ pid }] = await query(postgres.url, "SELECT pg_backend_pid() AS pid, sum(i) FROM generate_series(1, 3000000) AS i");
  for (let waited = 0; existsSync(`/proc/${pid}`) && waited < 5_000; waited += 20) await setTimeout(20);
  expect(existsSync(`/proc/${pid}`)).toBe(false);
  const shares = stop();

  expect(shares.postgres).toBeGreaterThan(5);
  expect(shares.postgres).toBeLessThanOrEqual(shares.cores * 100 + 25);
  // Waiting for the answer costs this process next to nothing.
  expect(shares.thisProcess).toBeLessThan(shares.postgres!);
});

it("writes a share as a whole percentage, and n/a where it could not be read", () => {
  expect(percentText(152.4)).toBe("152 %");
  expect(percentText(undefined)).toBe("n/a");
});
