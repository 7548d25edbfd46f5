import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PROJECT_ROOT } from "./project-copy";

/** A PostgreSQL a test may stop and start: for outages and their recovery. */
export interface ControlledPostgres {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** Starts postgres-server-main.ts in a child process and waits until it is migrated and seeded. */
export async function startControlledPostgres(): Promise<ControlledPostgres> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [join(PROJECT_ROOT, "scripts", "run-ts.mjs"), join("__tests__", "support", "postgres-server-main.ts")],
    { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "" } },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (waitingFor: string) => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the PostgreSQL process ended while ${waitingFor}: ${stderr}`);
    return value as string;
  };
  const ready = await nextLine("starting");
  if (!ready.startsWith("ready ")) throw new Error(`the PostgreSQL process said "${ready}": ${stderr}`);
  const command = async (name: string) => {
    child.stdin.write(`${name}\n`);
    const answer = await nextLine(name);
    if (answer !== name) throw new Error(`the PostgreSQL process answered "${answer}" to ${name}`);
  };
  return {
    url: ready.slice("ready ".length),
    stop: () => command("stop"),
    start: () => command("start"),
    destroy: async () => {
      await command("destroy");
      child.stdin.end();
    },
  };
}
