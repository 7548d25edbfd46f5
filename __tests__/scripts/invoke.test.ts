import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNode } from "../support/child-process";
import { testDatabaseUrl } from "../support/database";
import { PROJECT_ROOT } from "../support/project-copy";

const eventFile = (event: unknown) => {
  const path = join(mkdtempSync(join(tmpdir(), "invoke-")), "event.json");
  writeFileSync(path, JSON.stringify(event));
  return path;
};
const HEALTH = { path: "/health", httpMethod: "GET", headers: {}, requestContext: { requestId: "invoke-test" } };

/** A port nothing listens on: taken from the system, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const invoke = (args: string[], environment: Record<string, string> = {}) =>
  runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/invoke.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true", ...environment },
    timeoutMs: 120_000,
  });

describe("npm run invoke", () => {
  it("runs a function's deployable zip with one event and prints its response", async () => {
    // One after the other: both may build into the project's dist/ folder.
    const control = await invoke(["mock-read", eventFile(HEALTH)]);
    const candidate = await invoke(["prisma-read", eventFile(HEALTH)], { DATABASE_URL: testDatabaseUrl() });

    expect(control.code).toBe(0);
    expect(JSON.parse(control.stdout)).toMatchObject({ statusCode: 200, headers: { "x-request-id": "invoke-test", "x-read-path": "mock" } });
    expect(candidate.code).toBe(0);
    expect(JSON.parse(candidate.stdout)).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
  }, 120_000);

  it("says how to call it for an unknown function or an unreadable event", async () => {
    const unknown = await invoke(["no-such-function", eventFile(HEALTH)]);
    const unreadable = await invoke(["mock-read", "/no/such/event.json"]);

    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: npm run invoke -- <mock-read | prisma-read | canary-health-hook | db-migrator> <event.json>") });
    expect(unreadable).toMatchObject({ code: 2, stderr: expect.stringContaining("invoke: cannot read the event from /no/such/event.json") });
  }, 60_000);

  it("prints what the function wrote to stderr: the reason behind a 503", async () => {
    const port = await closedPort();

    const unreachable = await invoke(["prisma-read", eventFile(HEALTH)], {
      DATABASE_URL: `postgresql://reader:secret@127.0.0.1:${port}/huntaze`,
      POWERTOOLS_LOG_LEVEL: "ERROR",
    });

    expect(unreachable.code).toBe(0);
    expect(JSON.parse(unreachable.stdout)).toMatchObject({ statusCode: 503 });
    const errorLines = unreachable.stderr.split("\n").filter((line) => line.startsWith('{"level":"ERROR"'));
    expect(errorLines.map((line) => JSON.parse(line).message)).toContain("request failed");
    expect(unreachable.stderr).toContain(`Can't reach database server at 127.0.0.1:${port}`);
  }, 120_000);

  it("says in one line why a function gave no response, and leaves no unzipped folder behind", async () => {
    const temporaryFolder = mkdtempSync(join(tmpdir(), "invoke-tmp-"));

    const misconfigured = await invoke(["prisma-read", eventFile(HEALTH)], { TMPDIR: temporaryFolder });

    const lines = misconfigured.stderr.trimEnd().split("\n");
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.stdout).toBe("");
    expect(lines.at(-1)).toMatch(/^invoke: prisma-read failed at init: Error: prisma-read is misconfigured: DATABASE_URL: set DATABASE_URL/);
    // Neither the script that runs the handler nor the bundle's minified source reach the reader.
    expect(misconfigured.stderr).not.toMatch(/performance\.now|cold-invocation|index\.mjs:\d+/);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(1_000);
    expect(misconfigured.stderr.length).toBeLessThan(2_000);
    expect(readdirSync(temporaryFolder)).toEqual([]);
  }, 120_000);
});
