import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomically } from "./write-atomically";

/**
 * Remembers what the HCL formatter (hclwrite through @cdktf/hcl-tools' Go WebAssembly, in
 * scripts/format-hcl-worker.cjs) made of each stack's HCL, by the hash of the text it was given.
 * Formatting is a pure function of that text, so an unchanged stack gets its last formatted text
 * back without starting the formatter: loading and running it was about half of synth's CPU time,
 * spent again on every synth although most synths leave most stacks unchanged.
 *
 * Entries are keyed by the formatter too (the package's version and the worker's code): a new
 * formatter formats everything again. Each entry carries the hash of its formatted text, so an entry
 * edited or cut short is a miss, not an output. Entries no stack used in a run are removed.
 */
export class HclFormatCache {
  private readonly formatterId: string;
  private readonly used = new Set<string>();
  private readonly pending = new Map<string, string>();

  constructor(
    /** A folder of its own, created when needed: `dist/hcl-format-cache`. */
    private readonly folder: string,
    /** What identifies the formatter: its package's package.json and the worker script. */
    formatterFiles: readonly string[],
  ) {
    const hash = createHash("sha256");
    for (const file of formatterFiles) hash.update(file).update("\0").update(readFileSync(file));
    this.formatterId = hash.digest("hex");
  }

  /**
   * Writes the remembered formatted text into every file whose text was formatted before, and
   * returns the files left to format (in the order given).
   */
  restore(paths: readonly string[]): string[] {
    const toFormat: string[] = [];
    for (const path of paths) {
      const key = this.keyOf(readFileSync(path, "utf8"));
      this.used.add(key);
      const formatted = this.read(key);
      if (formatted === undefined) {
        this.pending.set(path, key);
        toFormat.push(path);
      } else {
        writeFileSync(path, formatted);
      }
    }
    return toFormat;
  }

  /** Remembers the files `restore` returned, now formatted in place, and forgets entries no file used. */
  save(): void {
    mkdirSync(this.folder, { recursive: true });
    for (const [path, key] of this.pending) {
      const formatted = readFileSync(path, "utf8");
      const entry = join(this.folder, `${key}.json`);
      writeAtomically(entry, JSON.stringify({ sha256: sha256(formatted), formatted }));
    }
    this.pending.clear();
    for (const file of readdirSync(this.folder)) {
      if (file.endsWith(".json") && !this.used.has(file.replace(/\.json$/, ""))) rmSync(join(this.folder, file), { force: true });
    }
  }

  private keyOf(text: string): string {
    return sha256(`${this.formatterId}\0${text}`);
  }

  private read(key: string): string | undefined {
    try {
      const entry = JSON.parse(readFileSync(join(this.folder, `${key}.json`), "utf8")) as { sha256?: unknown; formatted?: unknown };
      return typeof entry.formatted === "string" && entry.sha256 === sha256(entry.formatted) ? entry.formatted : undefined;
    } catch {
      return undefined;
    }
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
