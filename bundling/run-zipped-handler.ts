import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { HANDLER_FILE } from "./bundle-function";

/** What one cold invocation of a zipped handler returned, and how long each part took. */
export interface ColdInvocation {
  readonly response: unknown;
  /** Loading the module: what Lambda's init phase pays for the bundle. */
  readonly importMs: number;
  /** The first call of the handler, on a cold module. */
  readonly firstRequestMs: number;
  /** The whole fresh process, start to exit. */
  readonly processMs: number;
}

// Runs inside the fresh process: import the bundle, serve one event, report timings on stdout.
const COLD_START_SCRIPT = `
  const started = performance.now();
  const { handler } = await import(process.argv[1]);
  const imported = performance.now();
  const response = await handler(JSON.parse(process.argv[2]));
  const served = performance.now();
  process.stdout.write(JSON.stringify({ response, importMs: imported - started, firstRequestMs: served - imported }));
`;

/**
 * Unzips a function's zip into a fresh folder and invokes its handler once in a fresh Node process,
 * as the Lambda runtime would on a cold start: ESM, with nothing but what is in the zip.
 */
export function invokeZippedHandlerCold(
  zipPath: string,
  event: unknown,
  /** A node_modules the handler may import from, as the runtime's own copy of the AWS SDK. */
  runtimeNodeModules?: string,
): ColdInvocation {
  const folder = mkdtempSync(join(tmpdir(), "lambda-"));
  try {
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) {
      writeFileSync(join(folder, name), bytes);
    }
    if (runtimeNodeModules) symlinkSync(runtimeNodeModules, join(folder, "node_modules"), "dir");
    const started = performance.now();
    const stdout = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", COLD_START_SCRIPT, join(folder, HANDLER_FILE), JSON.stringify(event)],
      { cwd: folder, encoding: "utf8" },
    );
    const processMs = performance.now() - started;
    return { ...(JSON.parse(stdout) as Omit<ColdInvocation, "processMs">), processMs };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
