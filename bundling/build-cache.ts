import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";

/**
 * Reuses a build's outputs while nothing it was made from has changed, as Nx or Turborepo do. Synth
 * runs the bundler at every call, and rebuilding prisma-read (2.6 MB through esbuild, its wasm, a
 * zip) is most of a synth's time even when its code has not changed (docs/decisions.md).
 *
 * A build is described by:
 * - its recipe: everything that is not a file it read (bundler version, options, the bundling code);
 * - its inputs: every file the bundler read (esbuild's metafile), by content hash;
 * - its outputs: the files it wrote, by content hash, so an output edited or deleted by hand is
 *   rebuilt rather than deployed.
 * A record of the last build sits beside the outputs; any difference from it means a rebuild. A new
 * file only enters a bundle through an import in a file already read, so a changed importer covers it.
 * As git's index does, a file whose size and modification time are as recorded is taken as
 * unchanged without reading it (prisma-read alone reads about 950 files); any other file is hashed.
 */
export interface BuildResult<Details> {
  /** Absolute paths of every file the build read. */
  readonly inputs: readonly string[];
  /** Absolute paths of every file the build wrote. */
  readonly outputs: readonly string[];
  /** What the caller needs again when the build is reused; JSON-serialisable. */
  readonly details: Details;
}

export interface CachedBuild<Details> {
  readonly details: Details;
  /** True when the last build's outputs were reused, false when this call built them. */
  readonly reused: boolean;
}

/** A file as the record saw it: its content hash, and the size and time that stand for it. */
interface FileState {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
}

interface BuildRecord<Details> {
  readonly recipe: string;
  /** Paths relative to the record's folder, so a moved checkout stays valid. */
  readonly inputs: Readonly<Record<string, FileState>>;
  readonly outputs: Readonly<Record<string, FileState>>;
  readonly details: Details;
}

function stateOf(path: string): FileState {
  const stat = statSync(path);
  return { sha256: createHash("sha256").update(readFileSync(path)).digest("hex"), size: stat.size, mtimeMs: stat.mtimeMs };
}

function fileStates(recordDir: string, paths: readonly string[]): Record<string, FileState> {
  const states: Record<string, FileState> = {};
  for (const path of [...paths].sort()) {
    try {
      states[relative(recordDir, path)] = stateOf(path);
    } catch {
      throw new Error(`build cache: ${path} was reported by the build but cannot be read`);
    }
  }
  return states;
}

function isUnchanged(path: string, recorded: FileState): boolean {
  try {
    const stat = statSync(path);
    if (stat.size !== recorded.size) return false;
    if (stat.mtimeMs === recorded.mtimeMs) return true;
    // Touched (a checkout, a formatter): the same bytes still count as unchanged.
    return stateOf(path).sha256 === recorded.sha256;
  } catch {
    return false;
  }
}

function unchanged(recordDir: string, files: Readonly<Record<string, FileState>> | undefined): boolean {
  if (typeof files !== "object" || files === null) return false;
  return Object.entries(files).every(([path, recorded]) => typeof recorded === "object" && isUnchanged(resolve(recordDir, path), recorded));
}

function readRecord<Details>(recordPath: string): BuildRecord<Details> | undefined {
  try {
    return JSON.parse(readFileSync(recordPath, "utf8")) as BuildRecord<Details>;
  } catch {
    // No record, or a truncated one from an interrupted build: build again.
    return undefined;
  }
}

/** Runs `build` unless the record at `recordPath` shows the same recipe, inputs and outputs as now. */
export function buildUnlessUnchanged<Details>(
  recordPath: string,
  recipe: string,
  build: () => BuildResult<Details>,
): CachedBuild<Details> {
  const recordDir = dirname(recordPath);
  const last = readRecord<Details>(recordPath);
  if (last && last.recipe === recipe && unchanged(recordDir, last.outputs) && unchanged(recordDir, last.inputs)) {
    return { details: last.details, reused: true };
  }
  const result = build();
  const record: BuildRecord<Details> = {
    recipe,
    inputs: fileStates(recordDir, result.inputs),
    outputs: fileStates(recordDir, result.outputs),
    details: result.details,
  };
  mkdirSync(recordDir, { recursive: true });
  writeFileSync(recordPath, `${JSON.stringify(record, null, 1)}\n`);
  return { details: result.details, reused: false };
}

/**
 * A recipe from named parts and files (the code that builds, a lock file), hashed by name and
 * content: not by folder, so two checkouts of the same commit share recipes.
 */
export function recipeOf(parts: Readonly<Record<string, string>>, files: readonly string[] = []): string {
  const hash = createHash("sha256").update(JSON.stringify(parts));
  for (const file of [...files].sort()) hash.update(basename(file)).update(readFileSync(file));
  return hash.digest("hex");
}
