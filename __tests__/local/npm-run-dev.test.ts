/**
 * `npm run dev` as a newcomer runs it: no DATABASE_URL, so it starts its own PostgreSQL, migrates,
 * loads the demo data and serves; Ctrl-C stops the server and the database.
 */
import { spawn } from "node:child_process";
import { createConnection } from "node:net";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/project-copy";

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

it("serves the demo data with tokens from /_local/session, and stops everything on Ctrl-C", async () => {
  const environment: NodeJS.ProcessEnv = { ...process.env, PORT: "0", POWERTOOLS_LOG_LEVEL: "SILENT" };
  delete environment.DATABASE_URL;
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/dev.ts"], { cwd: PROJECT_ROOT, env: environment });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  try {
    while (!output.includes("Ctrl-C to stop.")) {
      if (child.exitCode !== null) throw new Error(`npm run dev exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const url = /Read API on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1];
    const postgresPort = Number(/PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(output)![1]);

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

    child.kill("SIGINT");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await portAnswers(postgresPort)).toBe(false);
  } finally {
    child.kill("SIGKILL");
  }
}, 120_000);
