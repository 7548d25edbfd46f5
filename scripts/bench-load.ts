/**
 * `npm run bench:load`: autocannon against the local read API (local/dev-server.ts) with a mixed
 * read load, 50 connections for 30 s (BENCH_CONNECTIONS, BENCH_SECONDS). Prints requests/s,
 * latency percentiles and errors. Target on a 2-core machine: no errors and p99 under 50 ms.
 * Uses DATABASE_URL when set, else its own embedded PostgreSQL; either is migrated and given the
 * demo data first, as `npm run dev` does.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../database/embedded-postgres";
import { prepareDemoData } from "../local/demo-data";
import { fetchSession, startDevServer } from "../local/dev-server";
import { runLoad } from "../local/load";
import { exitAfterOutput } from "./exit-after-output";
import { LocalFlagSource } from "../local/local-flag-source";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const P99_TARGET_MS = 50;
/** Half the creators' reads go to the candidate (PostgreSQL), half stay with the control. */
const FLAG = { prismaRead: { enabled: true, mode: "percentage", percentage: 50 } };

async function main(): Promise<number> {
  const throwaway = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres();
  const url = process.env.DATABASE_URL ?? throwaway!.url;
  const folder = mkdtempSync(join(tmpdir(), "bench-load-"));
  try {
    const creators = await prepareDemoData(url, join(__dirname, ".."));
    const flagFile = join(folder, "flag.json");
    writeFileSync(flagFile, JSON.stringify(FLAG));
    const server = await startDevServer({ port: 0, databaseUrl: url, flags: new LocalFlagSource(flagFile), creators });
    try {
      const session = await fetchSession(server.url);
      const result = await runLoad({ url: server.url, creators: session, connections: CONNECTIONS, durationSeconds: SECONDS });
      console.log(`${CONNECTIONS} connections for ${SECONDS} s, mixed reads of ${session.length} creators, flag at 50 %:\n`);
      console.log("| requests | requests/s | p50 | p97.5 | p99 | max | errors | non-2xx |");
      console.log("|---|---|---|---|---|---|---|---|");
      const { latencyMs: l } = result;
      console.log(`| ${result.requests} | ${result.requestsPerSecond.toFixed(0)} | ${l.p50} ms | ${l.p97_5} ms | ${l.p99} ms | ${l.max} ms | ${result.errors} | ${result.non2xx} |`);
      const met = result.errors === 0 && result.non2xx === 0 && l.p99 < P99_TARGET_MS;
      console.log(`\ntarget: no errors and p99 under ${P99_TARGET_MS} ms: ${met ? "met" : "MISSED"}`);
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
