/**
 * bench:load's CPU columns: each share must follow the work it names. Lower bounds divide CPU time
 * by a clock the test moves (one second between start and stop), with the work counted in CPU
 * time, not wall time: on a shared machine (CI runs two test files at once beside PostgreSQL) a
 * busy neighbour stretches the wall time, never the CPU a piece of work costs. Upper bounds use the
 * real clock over the same stretch, where no share can exceed the machine's cores whatever the load.
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

/** A clock that reads 0 until `oneSecondLater()`, then 1,000 ms. */
function steppedClock() {
  let now = 0;
  return { now: () => now, oneSecondLater: () => (now += 1000) };
}

/** Keeps this thread busy until it has used `milliseconds` of CPU, however long that takes. */
function spinCpu(milliseconds: number): void {
  const start = process.cpuUsage();
  while (true) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= milliseconds) return;
  }
}

it("counts this process's CPU while its thread is busy, within what the machine has", () => {
  const clock = steppedClock();
  const stop = startCpuShares(clock.now);
  const stopOnRealClock = startCpuShares();
  spinCpu(200);
  const real = stopOnRealClock();
  clock.oneSecondLater();
  const shares = stop();

  expect(shares.cores).toBe(cpus().length);
  // 200 ms of CPU in one second: 20 %, and no more than this process's helper threads add.
  expect(shares.thisProcess).toBeGreaterThanOrEqual(20);
  expect(shares.thisProcess).toBeLessThan(40);
  expect(real.thisProcess).toBeLessThanOrEqual(real.cores * 100 + 25);
  // The machine's share is of its own ticks (not the clock's), and holds at least this process's work.
  expect(real.machineBusy).toBeGreaterThan(0);
  expect(real.machineBusy).toBeLessThanOrEqual(real.cores * 100 + 1);
});

// The backend is gone by the time the shares are read, as a connection closed mid-phase would be:
// its time must still count (through the postmaster's reaped children).
it("counts PostgreSQL's CPU while it computes, also a backend that has ended since, and not this process's", async () => {
  const clock = steppedClock();
  const stop = startCpuShares(clock.now);
  const stopOnRealClock = startCpuShares();
  const [{ pid }] = await query(postgres.url, "SELECT pg_backend_pid() AS pid, sum(i) FROM generate_series(1, 3000000) AS i");
  // Waits for the backend's exit, not for a time: the guard only names a backend that never ends.
  for (let waited = 0; existsSync(`/proc/${pid}`) && waited < 250; waited += 1) await setTimeout(20);
  expect(existsSync(`/proc/${pid}`)).toBe(false);
  const real = stopOnRealClock();
  clock.oneSecondLater();
  const shares = stop();

  // Summing three million integers costs PostgreSQL well over 50 ms of CPU, whoever else is busy.
  expect(shares.postgres).toBeGreaterThan(5);
  // Every postgres process on the machine counts, each backend once: never more than the cores.
  expect(real.postgres).toBeLessThanOrEqual(real.cores * 100 + 25);
  // Waiting for the answer costs this process next to nothing.
  expect(shares.thisProcess).toBeLessThan(shares.postgres!);
});

it("writes a share as a whole percentage, and n/a where it could not be read", () => {
  expect(percentText(152.4)).toBe("152 %");
  expect(percentText(undefined)).toBe("n/a");
});
