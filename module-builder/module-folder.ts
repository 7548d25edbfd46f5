import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ModuleFiles } from "./render-module";

/** The committed modules' folder, and the hand-written examples inside it that the build leaves alone. */
export const MODULES_FOLDER = "terraform-modules";
export const EXAMPLES_FOLDER = "examples";
/**
 * A module's hand-written `terraform test` files: Terraform's default test directory. The build
 * renders files, never this folder, so it keeps it when it rewrites the module and the staleness
 * check (files of the module folder only) never compares it.
 */
export const MODULE_TESTS_FOLDER = "tests";

/** The files of a folder (not its subfolders), by name. */
export function readModuleFolder(folder: string): Map<string, string> {
  if (!existsSync(folder)) return new Map();
  const files = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(files.map((entry) => [entry.name, readFileSync(join(folder, entry.name), "utf8")]));
}

/** What differs between a module's committed folder and its rendering: files stale, missing or extra. */
export function staleFiles(folder: string, rendered: ModuleFiles): string[] {
  const committed = readModuleFolder(folder);
  const names = new Set([...committed.keys(), ...rendered.keys()]);
  return [...names].filter((name) => committed.get(name) !== rendered.get(name)).sort();
}

/** Replaces a module's folder with its rendering (anything the rendering no longer has goes), keeping its hand-written tests. */
export function writeModuleFolder(folder: string, rendered: ModuleFiles): void {
  mkdirSync(folder, { recursive: true });
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name === MODULE_TESTS_FOLDER) continue;
    rmSync(join(folder, entry.name), { recursive: true, force: true });
  }
  for (const [name, text] of rendered) writeFileSync(join(folder, name), text);
}
