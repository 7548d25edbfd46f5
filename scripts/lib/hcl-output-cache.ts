import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { writeAtomically } from "./write-atomically";

/** cdktf's layout of an output folder: a manifest, and a folder per stack with its assets beside it. */
const MANIFEST = "manifest.json";
const STACKS = "stacks";
/** `stacks/<stack>/assets/…`: a stack's assets (the zips, the deploy script), the same in both outputs. */
const isAsset = (path: string) => path.split(sep)[0] === STACKS && path.split(sep)[2] === "assets";

/** What makes the program that synthesizes the stacks: it alone decides what a construct tree becomes. */
export interface SynthProgram {
  /** The compiled synth script, which holds all of the project's code (its config included), by hash. */
  readonly sha256: string;
  /** Files it loads besides: the installed packages that render and format HCL, the formatter's worker. */
  readonly files: readonly string[];
}

interface Entry {
  /** The HCL output's own files (manifest, each stack's cdk.tf and metadata), by relative path. */
  readonly files: Record<string, string>;
  /** Its assets' relative paths: copies of the JSON output's, at the same paths. */
  readonly assets: string[];
  /** Of `files` and `assets` as written: an entry edited or cut short is a miss, not an output. */
  readonly sha256: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const entrySum = (files: Record<string, string>, assets: readonly string[]) => sha256(JSON.stringify([files, assets]));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/** The stacks a cdktf output's manifest lists, or undefined when it has none that can be read. */
function manifestStacks(outdir: string): string[] | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(outdir, MANIFEST), "utf8")) as { stacks?: Record<string, unknown> };
    return manifest.stacks ? Object.keys(manifest.stacks).sort() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gives an up-to-date synth the HCL output the last synth wrote, instead of synthesizing every stack
 * a second time (cdktf's HCL pass and the tidying after it: about a third of such a synth's CPU).
 *
 * Both outputs are made by the same program from the same construct tree, so when that program and
 * every stack's Terraform JSON are what they were at the last synth, so is the HCL. The key holds
 * exactly those: the JSON output's manifest and stack files (written first, by this synth; the
 * stacks name their assets by content hash), the program (SynthProgram: the compiled script and the
 * installed packages and worker it loads), Node's version and the CDKTF_* variables cdktf reads. Any
 * change to one of them synthesizes the HCL again. A package edited in place under node_modules
 * without a new version or install is not seen: set SYNTH_FRESH_HCL=1 then (scripts/synth.ts).
 *
 * One entry is kept: the last synth's.
 */
export class HclOutputCache {
  private readonly programId: string;

  constructor(
    /** A folder of its own, created when needed: `dist/hcl-output-cache`. */
    private readonly folder: string,
    program: SynthProgram,
    environment: Readonly<Record<string, string | undefined>> = process.env,
    nodeVersion: string = process.version,
  ) {
    const hash = createHash("sha256").update(`${nodeVersion}\0${program.sha256}\0`);
    for (const file of program.files) hash.update(file).update("\0").update(readFileSync(file)).update("\0");
    for (const name of Object.keys(environment).filter((name) => name.startsWith("CDKTF_")).sort()) {
      hash.update(`${name}=${environment[name]}\0`);
    }
    this.programId = hash.digest("hex");
  }

  /**
   * The key of the HCL that goes with the JSON output in `jsonOutdir`: its manifest and its stacks'
   * files but their assets, and nothing else there, such as the HCL output's own folder.
   */
  keyOf(jsonOutdir: string): string {
    const hash = createHash("sha256").update(this.programId);
    const jsonFiles = filesUnder(jsonOutdir).filter((path) => (path === MANIFEST || path.startsWith(`${STACKS}${sep}`)) && !isAsset(path));
    for (const file of jsonFiles) {
      hash.update("\0").update(file).update("\0").update(readFileSync(join(jsonOutdir, file)));
    }
    return hash.digest("hex");
  }

  /**
   * Writes the remembered HCL output for `key` into `hclOutdir`, its assets copied from the JSON
   * output, and returns true; returns false, writing nothing, when there is no intact entry for it or
   * an asset it names is missing from the JSON output.
   */
  restore(key: string, hclOutdir: string, jsonOutdir: string): boolean {
    const entry = this.read(key);
    if (!entry || !entry.assets.every((asset) => existsSync(join(jsonOutdir, asset)))) return false;
    for (const [path, text] of Object.entries(entry.files)) {
      mkdirSync(dirname(join(hclOutdir, path)), { recursive: true });
      writeFileSync(join(hclOutdir, path), text);
    }
    for (const asset of entry.assets) {
      mkdirSync(dirname(join(hclOutdir, asset)), { recursive: true });
      copyFileSync(join(jsonOutdir, asset), join(hclOutdir, asset));
    }
    return true;
  }

  /**
   * Remembers the HCL output in `hclOutdir` (complete: synthesized, tidied and formatted) under `key`,
   * in place of any other entry. Returns why it did not, without throwing: an output that does not
   * list the JSON output's stacks (another synth writing the same folder), or a cache folder that
   * cannot be written. Either way the next synth synthesizes the HCL again; nothing else is lost.
   */
  save(key: string, hclOutdir: string, jsonOutdir: string): string | undefined {
    const stacks = manifestStacks(hclOutdir);
    if (!stacks || JSON.stringify(stacks) !== JSON.stringify(manifestStacks(jsonOutdir))) {
      return `the HCL output in ${hclOutdir} does not list the stacks the JSON output does`;
    }
    const files: Record<string, string> = {};
    const assets: string[] = [];
    for (const path of filesUnder(hclOutdir)) {
      if (isAsset(path)) assets.push(path);
      else files[path] = readFileSync(join(hclOutdir, path), "utf8");
    }
    const entryName = `${key}.json`;
    try {
      mkdirSync(this.folder, { recursive: true });
      writeAtomically(join(this.folder, entryName), JSON.stringify({ files, assets, sha256: entrySum(files, assets) } satisfies Entry));
      for (const file of readdirSync(this.folder)) {
        if (file.endsWith(".json") && file !== entryName) rmSync(join(this.folder, file), { force: true });
      }
      return undefined;
    } catch (error) {
      return `${this.folder}: ${(error as { message?: unknown }).message ?? String(error)}`;
    }
  }

  private read(key: string): Entry | undefined {
    try {
      const entry = JSON.parse(readFileSync(join(this.folder, `${key}.json`), "utf8")) as Partial<Entry>;
      const intact =
        typeof entry.files === "object" &&
        entry.files !== null &&
        Array.isArray(entry.assets) &&
        entry.sha256 === entrySum(entry.files, entry.assets);
      return intact ? (entry as Entry) : undefined;
    } catch {
      return undefined;
    }
  }
}
