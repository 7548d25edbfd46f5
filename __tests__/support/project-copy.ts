import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { promisify } from "node:util";

export const PROJECT_ROOT = join(__dirname, "..", "..");
// Build output (dist) stays behind too: a copy builds its bundles itself, as a fresh clone does.
const NOT_COPIED = new Set(["node_modules", "cdktf.out", "dist", ".git", "coverage"]);

/** A copy of the project's sources in a new temporary folder, sharing this checkout's node_modules. */
export function copyProject(label: string): string {
  const folder = mkdtempSync(join(tmpdir(), `huntaze-${label}-`));
  cpSync(PROJECT_ROOT, folder, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(basename(source)) || relative(PROJECT_ROOT, source).includes("/"),
  });
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(folder, "node_modules"), "dir");
  return folder;
}

/** Runs a TypeScript script the way the npm scripts do (scripts/run-ts.mjs), in the given folder. */
export async function runScript(
  folder: string,
  script: string,
  environment: Readonly<Record<string, string>> = {},
  timeoutMs = 120_000,
): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(folder, "scripts", "run-ts.mjs"), script], {
    cwd: folder,
    env: { ...process.env, ...environment },
    timeout: timeoutMs,
  });
  return stdout;
}

/** Every file under a folder, by relative path, with its bytes. */
export function readTree(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(folder, path), readFileSync(path));
  }
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
