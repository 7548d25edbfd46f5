import { mkdtempSync, writeFileSync } from "node:fs";
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

    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: npm run invoke -- <mock-read | prisma-read | canary-health-hook> <event.json>") });
    expect(unreadable).toMatchObject({ code: 2, stderr: expect.stringContaining("invoke: cannot read the event from /no/such/event.json") });
  }, 60_000);
});
