import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";

/**
 * Reuses a build's outputs while nothing it was made from has changed, as Nx or Turborepo do. Synth
 * runs the bundler at every call; rebuilding prisma-read (2.6 MB through esbuild, its wasm, a zip)
 * took 1.7 s of a 3 s synth although the code had not changed.
 *
 * A build is described by:
 * - its recipe: everything that is not a file it read (bundler version, options, the bundling code);
 * - its inputs: every file the bundler read (esbuild's metafile), by content hash;
 * - its outputs: the files it wrote, by content hash, so an output edited or deleted by hand is
 *   rebuilt rather than deployed.
 * A record of the last build sits beside the outputs; any difference from it means a rebuild. A new
 * file only enters a bundle through an import in a file already read, so a changed importer covers it.
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

interface BuildRecord<Details> {
  readonly recipe: string;
  /** Paths relative to the record's folder, so a moved checkout stays valid. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly details: Details;
}

function sha256(path: string): string | undefined {
  return existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : undefined;
}

function hashFiles(recordDir: string, paths: readonly string[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const path of [...paths].sort()) {
    const hash = sha256(path);
    if (hash === undefined) throw new Error(`build cache: ${path} was reported by the build but does not exist`);
    hashes[relative(recordDir, path)] = hash;
  }
  return hashes;
}

function unchanged(recordDir: string, files: Readonly<Record<string, string>>): boolean {
  return Object.entries(files).every(([path, hash]) => sha256(resolve(recordDir, path)) === hash);
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
    inputs: hashFiles(recordDir, result.inputs),
    outputs: hashFiles(recordDir, result.outputs),
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
