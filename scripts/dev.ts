/**
 * `npm run dev`: the whole read path on this machine, with no AWS account. PostgreSQL (embedded,
 * or DATABASE_URL's with `-- --use-database-url`), migrated and loaded with the demo data once;
 * then the read API on http://127.0.0.1:$PORT (3000 by default), through the real control, flag and
 * candidate (local/dev-server.ts). The flag is local/flag.json (or LOCAL_FLAG_FILE): edit it while
 * the server runs. Ctrl-C stops the server and the database.
 *
 * Every way out (Ctrl-C or SIGTERM at any moment, a failure, an error nobody caught) stops the
 * server and the embedded PostgreSQL and deletes its folder before the process exits.
 */
import { join } from "node:path";
import { startEmbeddedPostgres } from "../database/embedded-postgres";
import { prepareDemoData } from "../local/demo-data";
import { DevOptionsError, describeDatabaseUrl, parseDevOptions } from "../local/dev-options";
import { bindDevServerPort, SESSION_PATH, startDevServer } from "../local/dev-server";
import { ExitCleanup } from "../local/exit-cleanup";
import { exitAfterOutput } from "./exit-after-output";
import { LocalFlagSource } from "../local/local-flag-source";

const PROJECT_ROOT = join(__dirname, "..");
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const cleanup = new ExitCleanup();
let startup: Promise<void> = Promise.resolve();
let exiting = false;

/**
 * Releases everything, then exits with `code`; the first call wins. With `waitForStartup`, the
 * start-up step under way finishes first, so that what it is starting (a PostgreSQL and its folder)
 * is registered, and so released, before the process ends.
 */
function exitCleanly(code: number, waitForStartup: boolean): void {
  if (exiting) return;
  exiting = true;
  void Promise.all([cleanup.close(), waitForStartup ? startup.catch(() => undefined) : undefined]).then(([errors]) => {
    for (const error of errors) console.error(`stopping failed: ${messageOf(error)}`);
    exitAfterOutput(errors.length > 0 ? 1 : code);
  });
}

async function main(): Promise<void> {
  const options = parseDevOptions(process.argv.slice(2), process.env, PROJECT_ROOT);

  // Held from the start: a taken port is reported before PostgreSQL starts, and stays ours.
  const server = await bindDevServerPort(options.port, options.host);
  await cleanup.add(() => new Promise<void>((resolve) => server.close(() => resolve())));

  let databaseUrl: string;
  if (options.database.kind === "embedded") {
    console.log("Starting PostgreSQL (embedded)…");
    const postgres = await startEmbeddedPostgres();
    await cleanup.add(() => postgres.destroy());
    if (cleanup.closed) return;
    console.log(`PostgreSQL on 127.0.0.1:${postgres.port}, stopped and deleted with the server`);
    databaseUrl = postgres.url;
  } else {
    databaseUrl = options.database.url;
    console.log(`Using DATABASE_URL's database (${describeDatabaseUrl(databaseUrl)}), as --use-database-url asks`);
  }

  const creators = await prepareDemoData(databaseUrl, PROJECT_ROOT, () => console.log("Loading the demo data…"));
  if (cleanup.closed) return;
  const devServer = await startDevServer({
    port: options.port,
    server,
    databaseUrl,
    flags: new LocalFlagSource(options.flagFile),
    creators,
    onRequest: (line) => console.log(line),
    onOutcome: ({ candidateFailure }) => {
      if (candidateFailure) console.log(`  the candidate failed (${candidateFailure.reason}: ${candidateFailure.detail}); served by the control`);
    },
  });
  // Closing the dev server closes the port and the candidate's pools; it runs before PostgreSQL stops.
  await cleanup.add(() => devServer.close());
  if (cleanup.closed) return;
  const [first] = creators;
  console.log(`
Read API on ${devServer.url}   (flag: ${options.flagFile})
  ${devServer.url}/health
  ${devServer.url}${SESSION_PATH}   tokens for ${creators.length} demo creators
  curl -H "authorization: Bearer <token>" ${devServer.url}/creators/${first?.id}/fans?limit=5
Ctrl-C to stop.`);
}

// embedded-postgres's exit hook (async-exit-hook) also listens for these and ends the process at
// once, leaving PostgreSQL running and its folder behind; this script stops everything itself,
// from the first moment: a signal during start-up waits for the step under way, then cleans up.
for (const signal of STOP_SIGNALS) {
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (exiting) {
      // A second signal: a start-up step that hangs (an unreachable database) is not waited for.
      console.log("\nStopping without waiting for start-up…");
      void cleanup.close().then(() => exitAfterOutput(1));
      return;
    }
    console.log("\nStopping…");
    exitCleanly(0, true);
  });
}
// An error nobody caught may come from a start-up step that will never settle: no waiting for it.
process.on("uncaughtException", (error) => {
  console.error(`dev failed: ${messageOf(error)}`);
  exitCleanly(1, false);
});

startup = main();
startup.catch((error: unknown) => {
  // A step that fails because the exit already began (its database stopped under it) is no news.
  if (exiting) return;
  console.error(`dev: ${messageOf(error)}`);
  exitCleanly(error instanceof DevOptionsError ? 2 : 1, false);
});
