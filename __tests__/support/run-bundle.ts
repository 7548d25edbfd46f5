import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { readFileSync } from "node:fs";
import { HANDLER_FILE } from "../../bundling/bundle-function";

/**
 * Unzips a function's zip into a fresh folder and calls its handler in a fresh Node process,
 * as the Lambda runtime would: ESM, nothing but what is in the zip.
 */
export function invokeZippedHandler(zipPath: string, event: unknown): unknown {
  const folder = mkdtempSync(join(tmpdir(), "lambda-"));
  try {
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) {
      writeFileSync(join(folder, name), bytes);
    }
    const script = `
      const { handler } = await import(${JSON.stringify(join(folder, HANDLER_FILE))});
      process.stdout.write(JSON.stringify(await handler(JSON.parse(process.argv[1]))));
    `;
    const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(event)], {
      cwd: folder,
      encoding: "utf8",
    });
    return JSON.parse(stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
