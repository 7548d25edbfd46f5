import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

/**
 * Where a benchmark phase's CPU went, each as a share of one core (100 % = one core busy the whole
 * time): this process (for bench:load, the local server and autocannon, one JavaScript thread plus
 * Node's helpers), every process named `postgres` on the machine, and the whole machine. The last two
 * come from Linux's /proc and are undefined elsewhere.
 */
export interface CpuShares {
  readonly thisProcess: number;
  readonly postgres?: number;
  readonly machineBusy?: number;
  readonly cores: number;
}

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * CPU of every process named postgres, in ticks; undefined without /proc. A backend that has ended
 * is gone from /proc, and its time is then counted in its parent's (the postmaster's) reaped
 * children's time: summing both over all postgres processes counts each backend once, alive or not.
 */
function postgresTicks(): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of pids) {
    const stat = readOrUndefined(`/proc/${pid}/stat`);
    // "pid (comm) state ppid …": comm may hold spaces, so the fields are counted after its ")".
    if (!stat || !stat.includes("(postgres)")) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime, then cutime and cstime (children that have ended and been waited for).
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return ticks;
}

/** The machine's busy and total ticks over all cores (idle and iowait are not busy). */
function machineTicks(): { busy: number; total: number } | undefined {
  const line = readOrUndefined("/proc/stat")?.split("\n")[0];
  if (!line?.startsWith("cpu ")) return undefined;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - values[3] - values[4], total };
}

/**
 * Starts measuring; the function returned ends it and gives the shares since the start.
 * @param now milliseconds on a steady clock, the time the shares divide by; tests give their own.
 */
export function startCpuShares(now: () => number = () => performance.now()): () => CpuShares {
  const started = now();
  const ownStart = process.cpuUsage();
  const postgresStart = postgresTicks();
  const machineStart = machineTicks();
  return () => {
    const seconds = (now() - started) / 1000;
    const own = process.cpuUsage(ownStart);
    const postgresEnd = postgresTicks();
    const machineEnd = machineTicks();
    const share = (cpuSeconds: number) => (cpuSeconds / seconds) * 100;
    return {
      thisProcess: share((own.user + own.system) / 1e6),
      postgres: postgresStart !== undefined && postgresEnd !== undefined ? share((postgresEnd - postgresStart) / TICKS_PER_SECOND) : undefined,
      machineBusy:
        machineStart && machineEnd
          ? ((machineEnd.busy - machineStart.busy) / (machineEnd.total - machineStart.total)) * cpus().length * 100
          : undefined,
      cores: cpus().length,
    };
  };
}

/** "87 %", or "n/a" where the share could not be read. */
export function percentText(share: number | undefined): string {
  return share === undefined ? "n/a" : `${share.toFixed(0)} %`;
}
