/**
 * `npm run dev`: the whole read path on this machine, with no AWS account. PostgreSQL (embedded,
 * or DATABASE_URL), migrated and loaded with the demo data once; then the read API on
 * http://127.0.0.1:$PORT (3000 by default), through the real control, flag and candidate
 * (local/dev-server.ts). The flag is local/flag.json (or LOCAL_FLAG_FILE): edit it while the server
 * runs. Ctrl-C stops the server and the database.
 */
import { join, resolve } from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "../database/embedded-postgres";
import { prepareDemoData } from "../local/demo-data";
import { SESSION_PATH, startDevServer } from "../local/dev-server";
import { exitAfterOutput } from "./exit-after-output";
import { LocalFlagSource } from "../local/local-flag-source";

const PROJECT_ROOT = join(__dirname, "..");

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const flagFile = resolve(process.env.LOCAL_FLAG_FILE ?? join(PROJECT_ROOT, "local", "flag.json"));
  let postgres: RunningPostgres | undefined;
  if (!process.env.DATABASE_URL) {
    console.log("Starting PostgreSQL (embedded)…");
    postgres = await startEmbeddedPostgres();
    console.log(`PostgreSQL on 127.0.0.1:${postgres.port}, stopped with the server`);
  }
  const databaseUrl = process.env.DATABASE_URL ?? postgres!.url;
  const stopDatabase = async () => postgres?.destroy();
  try {
    const creators = await prepareDemoData(databaseUrl, PROJECT_ROOT, () => console.log("Loading the demo data…"));
    const server = await startDevServer({
      port,
      databaseUrl,
      flags: new LocalFlagSource(flagFile),
      creators,
      onRequest: (line) => console.log(line),
      onOutcome: ({ candidateFailure }) => {
        if (candidateFailure) console.log(`  the candidate failed (${candidateFailure.reason}: ${candidateFailure.detail}); served by the control`);
      },
    });
    const [first] = creators;
    console.log(`
Read API on ${server.url}   (flag: ${flagFile})
  ${server.url}/health
  ${server.url}${SESSION_PATH}   tokens for ${creators.length} demo creators
  curl -H "authorization: Bearer <token>" ${server.url}/creators/${first?.id}/fans?limit=5
Ctrl-C to stop.`);

    const stop = () => {
      console.log("\nStopping…");
      void server
        .close()
        .then(stopDatabase)
        .then(() => exitAfterOutput(0), (error: unknown) => {
          console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
          exitAfterOutput(1);
        });
    };
    // embedded-postgres's exit hook (async-exit-hook) also listens for these and ends the process
    // at once, leaving PostgreSQL running; this script stops both itself.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.removeAllListeners(signal);
      process.once(signal, stop);
    }
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`dev failed: ${error instanceof Error ? error.message : String(error)}`);
  exitAfterOutput(1);
});
