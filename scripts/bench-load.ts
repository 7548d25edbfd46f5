/**
 * `npm run bench:load`: autocannon against the local read API (local/dev-server.ts) with a mixed
 * read load, 50 connections for 30 s per phase (BENCH_CONNECTIONS, BENCH_SECONDS), in three phases
 * of the flag. Prints requests/s, latency percentiles and errors per phase. Target on a 2-core
 * machine: no errors, and p99 under 50 ms with the flag at 50 %.
 * Each phase starts with a warm-up at the same load (BENCH_WARM_UP_SECONDS, 3 s): the share of reads
 * a flag change sends to a path whose containers have served nothing yet. Its figures are printed on
 * their own, and its errors count against the target; the table is the steady state after it.
 * Uses DATABASE_URL when set, else its own embedded PostgreSQL; either is migrated and given the
 * demo data first, as `npm run dev` does. Each phase also says where the CPU went (this process,
 * PostgreSQL, the whole machine; scripts/bench/cpu-shares.ts), since on two cores the server, the
 * load generator and PostgreSQL compete for them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../database/embedded-postgres";
import { prepareDemoData } from "../local/demo-data";
import { fetchSession, startDevServer } from "../local/dev-server";
import { runLoad } from "../local/load";
import { exitAfterOutput } from "./exit-after-output";
import { DEFAULT_RECHECK_INTERVAL_MS, LocalFlagSource } from "../local/local-flag-source";
import { percentText, startCpuShares } from "./bench/cpu-shares";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
if (!(WARM_UP_SECONDS >= 0)) throw new Error(`BENCH_WARM_UP_SECONDS must be a number of seconds, 0 or more; got ${process.env.BENCH_WARM_UP_SECONDS}`);
const P99_TARGET_MS = 50;
/**
 * The phases, one after the other on the same server (the flag file is rewritten between them): all
 * reads with the control, half the creators on the candidate (PostgreSQL), all of them. The target
 * is judged on the half-and-half phase, the mixed read path.
 */
const PHASES = [
  { name: "flag off (control only)", flag: { enabled: false }, judged: false },
  { name: "flag at 50 %", flag: { enabled: true, mode: "percentage", percentage: 50 }, judged: true },
  { name: "flag at all (candidate only)", flag: { enabled: true, mode: "all" }, judged: false },
] as const;

async function main(): Promise<number> {
  const throwaway = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const url = process.env.DATABASE_URL ?? throwaway!.url;
  const folder = mkdtempSync(join(tmpdir(), "bench-load-"));
  try {
    const creators = await prepareDemoData(url, join(__dirname, ".."));
    const flagFile = join(folder, "flag.json");
    writeFileSync(flagFile, JSON.stringify({ prismaRead: PHASES[0].flag }));
    const server = await startDevServer({ port: 0, databaseUrl: url, flags: new LocalFlagSource(flagFile), creators });
    try {
      const session = await fetchSession(server.url);
      console.log(`${CONNECTIONS} connections for ${SECONDS} s per phase, mixed reads of ${session.length} creators:\n`);
      console.log("| phase | requests | requests/s | p50 | p95 | p99 | max | errors | non-2xx | server + autocannon CPU | PostgreSQL CPU | machine busy |");
      console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
      let met = true;
      const warmUps: string[] = [];
      for (const phase of PHASES) {
        writeFileSync(flagFile, JSON.stringify({ prismaRead: phase.flag }));
        // The server looks at the file at most this often: no request of the phase runs on the last one's flag.
        await new Promise((resolve) => setTimeout(resolve, DEFAULT_RECHECK_INTERVAL_MS));
        if (WARM_UP_SECONDS > 0) {
          const warmUp = await runLoad({ url: server.url, creators: session, connections: CONNECTIONS, durationSeconds: WARM_UP_SECONDS });
          warmUps.push(`| ${phase.name} | ${warmUp.requests} | ${warmUp.latencyMs.p50} ms | ${warmUp.latencyMs.p99} ms | ${warmUp.latencyMs.max} ms | ${warmUp.errors} | ${warmUp.non2xx} |`);
          if (warmUp.errors > 0 || warmUp.non2xx > 0) met = false;
        }
        const cpu = startCpuShares();
        const result = await runLoad({ url: server.url, creators: session, connections: CONNECTIONS, durationSeconds: SECONDS });
        const shares = cpu();
        const { latencyMs: l } = result;
        console.log(
          `| ${phase.name} | ${result.requests} | ${result.requestsPerSecond.toFixed(0)} | ${l.p50} ms | ${l.p95} ms | ${l.p99} ms | ${l.max} ms | ` +
            `${result.errors} | ${result.non2xx} | ${percentText(shares.thisProcess)} | ${percentText(shares.postgres)} | ${percentText(shares.machineBusy)} of ${shares.cores * 100} % |`,
        );
        if (result.errors > 0 || result.non2xx > 0 || (phase.judged && l.p99 >= P99_TARGET_MS)) met = false;
      }
      if (warmUps.length > 0) {
        console.log(`\nThe ${WARM_UP_SECONDS} s warm-up before each phase (not in the table above):\n`);
        console.log("| phase | requests | p50 | p99 | max | errors | non-2xx |");
        console.log("|---|---|---|---|---|---|---|");
        for (const line of warmUps) console.log(line);
      } else {
        console.log("\nNo warm-up (BENCH_WARM_UP_SECONDS=0): each phase is measured from its first request.");
      }
      console.log(`\ntarget: no errors in any phase, and p99 under ${P99_TARGET_MS} ms at 50 %: ${met ? "met" : "MISSED"}`);
      return met ? 0 : 1;
    } finally {
      await server.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await throwaway?.destroy();
  }
}

main().then(exitAfterOutput, (error: unknown) => {
  console.error(`bench:load failed: ${error instanceof Error ? error.stack : String(error)}`);
  exitAfterOutput(1);
});
