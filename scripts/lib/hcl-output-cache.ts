import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** Where cdktf puts a stack's assets (the zips, the deploy script): the same in both outputs. */
const ASSETS_SEGMENT = `${sep}assets${sep}`;

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

/**
 * Gives an up-to-date synth the HCL output the last synth wrote, instead of synthesizing every stack
 * a second time (cdktf's HCL pass, then tidying and formatting: about a third of synth's CPU).
 *
 * Both outputs are made by the same program from the same construct tree, so when that program,
 * its dependencies, the Node running it and every stack's Terraform JSON are what they were at the
 * last synth, the HCL is too. The key holds exactly those: the JSON output's files (written first,
 * by this synth), the files that make the program (the compiled synth script, which holds all of
 * the project's code, and the lock file, which pins cdktf, the provider and the formatter), Node's
 * version and the CDKTF_* variables cdktf reads. Any change to one of them synthesizes the HCL again.
 *
 * One entry is kept: the last synth's.
 */
export class HclOutputCache {
  private readonly programId: string;

  constructor(
    /** A folder of its own, created when needed: `dist/hcl-output-cache`. */
    private readonly folder: string,
    /** The files that make the program synthesizing the stacks. */
    programFiles: readonly string[],
    environment: Readonly<Record<string, string | undefined>> = process.env,
    nodeVersion: string = process.version,
  ) {
    const hash = createHash("sha256").update(nodeVersion).update("\0");
    for (const file of programFiles) hash.update(file).update("\0").update(readFileSync(file)).update("\0");
    for (const name of Object.keys(environment).filter((name) => name.startsWith("CDKTF_")).sort()) {
      hash.update(`${name}=${environment[name]}\0`);
    }
    this.programId = hash.digest("hex");
  }

  /**
   * The key of the HCL that goes with the JSON output in `jsonOutdir`: its manifest and its stacks'
   * files but their assets (which the stacks name by content hash), and nothing else there, such as
   * the HCL output's own folder.
   */
  keyOf(jsonOutdir: string): string {
    const hash = createHash("sha256").update(this.programId);
    const jsonFiles = filesUnder(jsonOutdir).filter(
      (path) => (path === "manifest.json" || path.startsWith(`stacks${sep}`)) && !`${sep}${path}`.includes(ASSETS_SEGMENT),
    );
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

  /** Remembers the HCL output in `hclOutdir` (complete: synthesized, tidied and formatted) under `key`, in place of any other. */
  save(key: string, hclOutdir: string): void {
    const files: Record<string, string> = {};
    const assets: string[] = [];
    for (const path of filesUnder(hclOutdir)) {
      if (`${sep}${path}`.includes(ASSETS_SEGMENT)) assets.push(path);
      else files[path] = readFileSync(join(hclOutdir, path), "utf8");
    }
    mkdirSync(this.folder, { recursive: true });
    const entryPath = join(this.folder, `${key}.json`);
    // Written aside and renamed: an interrupted synth leaves no half-written entry.
    writeFileSync(`${entryPath}.tmp`, JSON.stringify({ files, assets, sha256: entrySum(files, assets) } satisfies Entry));
    renameSync(`${entryPath}.tmp`, entryPath);
    for (const file of readdirSync(this.folder)) {
      if (file !== `${key}.json`) rmSync(join(this.folder, file), { force: true });
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
