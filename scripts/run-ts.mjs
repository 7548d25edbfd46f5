#!/usr/bin/env node
// Runs a TypeScript entry point of this project (`node scripts/run-ts.mjs scripts/synth.ts`).
//
// tsx's require hook looks at every module loaded, and cdktf plus the provider modules are
// hundreds of files: it added 0.35-0.5 s to each synth (most of the gap to the bench target).
// Here esbuild compiles the project's own TypeScript into one CommonJS file in ~30 ms, leaving
// node_modules external, and plain Node runs it; the compile is skipped while none of the files it
// read has changed.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-ts.mjs <entry.ts> [args...]");
  process.exit(2);
}
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const entryPath = resolve(entry);
// Inside the project, so that the compiled file resolves the project's node_modules.
const outfile = join(projectRoot, "dist", "bin", `${basename(entryPath, ".ts")}.cjs`);
// The files the last compile read, with their size and modification time: when none has changed,
// the compiled file is run as it is, without starting esbuild (about 0.1 s of every command).
const recordPath = `${outfile}.inputs.json`;

/** Writes a file in full under a name of this process's own, then renames it into place. */
function writeAtomically(path, contents) {
  const pending = `${path}.${process.pid}`;
  writeFileSync(pending, contents);
  renameSync(pending, path);
}

function compiledIsCurrent() {
  try {
    const record = JSON.parse(readFileSync(recordPath, "utf8"));
    if (record.entry !== entryPath) return false;
    statSync(outfile);
    return record.inputs.every(([path, size, mtimeMs]) => {
      const stat = statSync(path);
      return stat.size === size && stat.mtimeMs === mtimeMs;
    });
  } catch {
    return false;
  }
}

if (!compiledIsCurrent()) {
  const { buildSync } = await import("esbuild");
  const workingDir = process.cwd();
  const result = buildSync({
    entryPoints: [entryPath],
    outfile,
    absWorkingDir: workingDir,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    metafile: true,
    // The entry's own folder, as under tsx: entry points find their neighbours (and the project root)
    // by it. It is the entry's folder in every compiled file, so only entry points may use __dirname.
    define: { __dirname: JSON.stringify(dirname(entryPath)) },
    logLevel: "warning",
    // Written aside and renamed into place below: another process running the same entry at the
    // same time (tests run in parallel) must never load a half-written file.
    write: false,
  });
  mkdirSync(dirname(outfile), { recursive: true });
  writeAtomically(outfile, result.outputFiles.find((file) => file.path === outfile).contents);
  const inputs = Object.keys(result.metafile.inputs).map((input) => {
    const path = resolve(workingDir, input);
    const stat = statSync(path);
    return [path, stat.size, stat.mtimeMs];
  });
  writeAtomically(recordPath, JSON.stringify({ entry: entryPath, inputs }));
}
process.argv = [process.argv[0], outfile, ...args];
// What the program is, read just before it runs, for a script that remembers what it made by it
// (synth's HCL output cache): hashing its own file later could see a newer compile another command
// put in place meanwhile.
// Named with the file, so that a program it starts some other way does not take it for its own.
process.env.RUN_TS_PROGRAM = `${outfile}:${createHash("sha256").update(readFileSync(outfile)).digest("hex")}`;
createRequire(import.meta.url)(outfile);
