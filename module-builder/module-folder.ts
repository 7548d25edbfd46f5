import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ModuleFiles } from "./render-module";

/** The committed modules' folder, and the hand-written examples inside it that the build leaves alone. */
export const MODULES_FOLDER = "terraform-modules";
export const EXAMPLES_FOLDER = "examples";

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

/** Replaces a module's folder with its rendering (files the rendering no longer has go). */
export function writeModuleFolder(folder: string, rendered: ModuleFiles): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of rendered) writeFileSync(join(folder, name), text);
}
