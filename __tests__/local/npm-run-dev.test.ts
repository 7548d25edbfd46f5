/**
 * `npm run dev` as a newcomer runs it, in a process group of its own, stopped the way a terminal's
 * Ctrl-C stops it (SIGINT to the whole group, PostgreSQL included). With no DATABASE_URL it starts
 * its own PostgreSQL, migrates, loads the demo data and serves; every way it ends (Ctrl-C when
 * ready or during start-up, a port already taken, a DATABASE_URL it was not told to use) leaves no
 * PostgreSQL running and no data folder behind, and a mistake gets one line of explanation, not a stack.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNode } from "../support/child-process";
import { freshDatabase, migratesDatabasesThroughout, query } from "../support/database";
import { PROJECT_ROOT } from "../support/project-copy";

// Migrates fresh databases on the shared test server: no other file migrates one meanwhile.
migratesDatabasesThroughout();

const POSTGRES_FOLDER = /^huntaze-postgres-/;

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/**
 * The run's temporary folder, where the embedded PostgreSQL makes its data folder. Open to all, as
 * the system's is: run as root, PostgreSQL runs as the postgres user, who must reach inside it.
 */
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "npm-run-dev-"));
  chmodSync(folder, 0o755);
  return folder;
}

const postgresFolders = (folder: string) => readdirSync(folder).filter((name) => POSTGRES_FOLDER.test(name));

interface DevRun {
  readonly child: ChildProcessWithoutNullStreams;
  /** stdout and stderr as they arrived. */
  output(): string;
  stderr(): string;
  /** Resolves once the output contains `text`; rejects if the process exits first. */
  waitFor(text: string): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ctrl-C in a terminal: SIGINT to the whole process group. */
  interrupt(): void;
  kill(): void;
}

function runDev(environment: Record<string, string | undefined>, args: string[] = []): DevRun {
  const env: NodeJS.ProcessEnv = { ...process.env, POWERTOOLS_LOG_LEVEL: "SILENT", ...environment };
  for (const [name, value] of Object.entries(environment)) if (value === undefined) delete env[name];
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/dev.ts", ...args], { cwd: PROJECT_ROOT, env, detached: true });
  let output = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group has already gone.
    }
  };
  return {
    child,
    output: () => output,
    stderr: () => stderr,
    async waitFor(text) {
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`npm run dev exited before printing "${text}":\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited,
    interrupt: () => signalGroup("SIGINT"),
    kill: () => signalGroup("SIGKILL"),
  };
}

function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

it("serves the demo data with tokens from /_local/session, and on Ctrl-C stops everything and deletes PostgreSQL's folder", async () => {
  const temporary = temporaryFolder();
  const dev = runDev({ PORT: "0", DATABASE_URL: undefined, TMPDIR: temporary });
  try {
    await dev.waitFor("Ctrl-C to stop.");
    const url = /Read API on (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.output())![1];
    const postgresPort = Number(/PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(dev.output())![1]);

    const health = await fetch(`${url}/health`);
    const { creators } = (await (await fetch(`${url}/_local/session`)).json()) as { creators: Array<{ id: string; token: string }> };
    const fans = await fetch(`${url}/creators/${creators[0].id}/fans?limit=3`, { headers: { authorization: `Bearer ${creators[0].token}` } });
    const page = (await fans.json()) as { items: unknown[] };

    expect(health.status).toBe(200);
    expect(creators.length).toBeGreaterThanOrEqual(3);
    expect(fans.status).toBe(200);
    expect(["mock", "prisma"]).toContain(fans.headers.get("x-read-path"));
    expect(page.items).toHaveLength(3);
    expect(await portAnswers(postgresPort)).toBe(true);
    expect(postgresFolders(temporary)).toHaveLength(1);

    dev.interrupt();
    expect(await dev.exited).toEqual({ code: 0, signal: null });
    expect(await portAnswers(postgresPort)).toBe(false);
    expect(postgresFolders(temporary)).toEqual([]);
  } finally {
    dev.kill();
  }
}, 120_000);

it("on Ctrl-C during start-up, stops the PostgreSQL it is starting and deletes its folder", async () => {
  const temporary = temporaryFolder();
  const dev = runDev({ PORT: "0", DATABASE_URL: undefined, TMPDIR: temporary });
  try {
    await dev.waitFor("Starting PostgreSQL");
    while (postgresFolders(temporary).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));

    dev.interrupt();
    const exit = await dev.exited;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(dev.output()).not.toContain("Read API on");
    expect(postgresFolders(temporary)).toEqual([]);
  } finally {
    dev.kill();
  }
}, 120_000);

it("says which port is taken, before starting PostgreSQL, and leaves nothing behind", async () => {
  const temporary = temporaryFolder();
  const { server, port } = await holdPort();
  try {
    const dev = runDev({ PORT: String(port), DATABASE_URL: undefined, TMPDIR: temporary });
    const exit = await dev.exited;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(dev.stderr().trim()).toBe(`dev: port ${port} on 127.0.0.1 is already in use: stop what listens there, or choose another port with PORT=<port>`);
    expect(dev.output()).not.toContain("Starting PostgreSQL");
    expect(readdirSync(temporary)).toEqual([]);
  } finally {
    server.close();
  }
}, 60_000);

it("refuses a DATABASE_URL it was not told to use, naming the way to opt in, and writes nothing to that database", async () => {
  const temporary = temporaryFolder();
  const databaseUrl = await freshDatabase("dev_refused");
  const target = new URL(databaseUrl);

  const dev = runDev({ PORT: "0", DATABASE_URL: databaseUrl, TMPDIR: temporary });
  const exit = await dev.exited;

  expect(exit).toEqual({ code: 2, signal: null });
  expect(dev.stderr()).toContain(`dev: DATABASE_URL is set (${target.username}@${target.host}${target.pathname}), and npm run dev would apply the migrations to that database`);
  expect(dev.stderr()).toContain("npm run dev -- --use-database-url");
  expect(dev.stderr()).not.toContain(decodeURIComponent(target.password));
  expect(dev.stderr()).not.toMatch(/^\s+at /m);
  expect(await query(databaseUrl, "SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = 'public'")).toEqual([{ tables: 0 }]);
  expect(readdirSync(temporary)).toEqual([]);
}, 60_000);

it("with --use-database-url, migrates that database and loads the demo data into it, starting no PostgreSQL of its own", async () => {
  const temporary = temporaryFolder();
  const databaseUrl = await freshDatabase("dev_opt_in");
  const dev = runDev({ PORT: "0", DATABASE_URL: databaseUrl, TMPDIR: temporary }, ["--use-database-url"]);
  try {
    await dev.waitFor("Ctrl-C to stop.");
    const [{ demoCreators }] = await query(databaseUrl, "SELECT count(*)::int AS \"demoCreators\" FROM creators WHERE handle LIKE 'demo-%'");

    dev.interrupt();

    expect(await dev.exited).toEqual({ code: 0, signal: null });
    expect(demoCreators).toBeGreaterThanOrEqual(3);
    expect(dev.output()).not.toContain("Starting PostgreSQL");
    // Only the functions' log file, kept on purpose for npm run shadow:report after the run.
    expect(readdirSync(temporary)).toEqual([expect.stringMatching(/^huntaze-dev-logs-/)]);
  } finally {
    dev.kill();
  }
}, 120_000);

it("in the flag file's shadow mode, serves from the control, runs the candidate's shadow reads after the answers, and writes its log lines to the file it names", async () => {
  const temporary = temporaryFolder();
  const flagFile = join(mkdtempSync(join(tmpdir(), "npm-run-dev-flag-")), "flag.json");
  writeFileSync(flagFile, JSON.stringify({ prismaRead: { enabled: true, mode: "shadow", percentage: 100 } }));
  const dev = runDev({ PORT: "0", DATABASE_URL: undefined, TMPDIR: temporary, LOCAL_FLAG_FILE: flagFile, POWERTOOLS_LOG_LEVEL: "INFO" });
  try {
    await dev.waitFor("Ctrl-C to stop.");
    const url = /Read API on (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.output())![1];
    const logFile = /The functions' log lines: (\S+)/.exec(dev.output())![1];
    const { creators } = (await (await fetch(`${url}/_local/session`)).json()) as { creators: Array<{ id: string; token: string }> };

    const fans = await fetch(`${url}/creators/${creators[0].id}/fans?limit=3`, { headers: { authorization: `Bearer ${creators[0].token}` } });
    await dev.waitFor("shadow fans:");
    dev.interrupt();
    await dev.exited;
    const logged = readFileSync(logFile, "utf8").trim().split("\n").map((line) => JSON.parse(line));

    expect([fans.status, fans.headers.get("x-read-path")]).toEqual([200, "mock"]);
    expect(dev.output()).toContain("shadow fans: the candidate answered 200, same contract");
    expect(logged).toContainEqual(expect.objectContaining({ service: "huntaze-prisma-read", message: "shadow read served", route: "fans", mismatches: 0 }));
    expect(logged).toContainEqual(expect.objectContaining({ service: "huntaze-prisma-read", ShadowReads: 1, route: "fans" }));
    // The file is what npm run shadow:report reads.
    const report = await runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/shadow-report.ts", "--file", logFile, "--json"], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });
    expect(JSON.parse(report.stdout)).toMatchObject({ mismatches: [], totals: { reads: 1, mismatched: 0, failed: 0 } });
  } finally {
    dev.kill();
  }
}, 120_000);

it("lists the migration's phases with --help, starting nothing", async () => {
  const temporary = temporaryFolder();
  const dev = runDev({ PORT: "0", DATABASE_URL: undefined, TMPDIR: temporary }, ["--help"]);

  expect(await dev.exited).toEqual({ code: 0, signal: null });
  expect(dev.output()).toContain("off, shadow, percentage, all");
  expect(dev.output()).toContain("--direct");
  expect(readdirSync(temporary)).toEqual([]);
}, 60_000);
