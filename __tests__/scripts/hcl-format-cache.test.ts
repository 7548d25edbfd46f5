import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HclFormatCache } from "../../scripts/lib/hcl-format-cache";

/** What the formatter would do to a file, for these tests: any change the cache must give back as is. */
const formatInPlace = (path: string) => writeFileSync(path, `# formatted\n${readFileSync(path, "utf8").trim()}\n`);

describe("HclFormatCache", () => {
  const folder = mkdtempSync(join(tmpdir(), "hcl-format-cache-"));
  const cacheDir = join(folder, "cache");
  const formatter = join(folder, "formatter.cjs");
  const stacks = [join(folder, "a.tf"), join(folder, "b.tf")];
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** One synth: write each stack's unformatted text, restore from the cache, format what is left, save. */
  function synth(texts: readonly string[]): { formatted: string[]; outputs: string[] } {
    texts.forEach((text, index) => writeFileSync(stacks[index], text));
    const cache = new HclFormatCache(cacheDir, [formatter]);
    const toFormat = cache.restore(stacks);
    toFormat.forEach(formatInPlace);
    cache.save();
    return { formatted: toFormat, outputs: stacks.map((path) => readFileSync(path, "utf8")) };
  }

  beforeAll(() => writeFileSync(formatter, "// formatter v1\n"));

  it("formats every stack the first time, then gives back the same output without formatting an unchanged stack", () => {
    const first = synth(["resource a {}", "resource b {}"]);
    expect(first.formatted).toEqual(stacks);

    const second = synth(["resource a {}", "resource b {}"]);
    expect(second.formatted).toEqual([]);
    expect(second.outputs).toEqual(first.outputs);

    const changed = synth(["resource a {}", "resource b { x = 1 }"]);
    expect(changed.formatted).toEqual([stacks[1]]);
    expect(changed.outputs[1]).toBe("# formatted\nresource b { x = 1 }\n");
  });

  it("keeps only the entries the last synth used", () => {
    synth(["resource a {}", "resource b { x = 2 }"]);
    expect(readdirSync(cacheDir)).toHaveLength(2);
  });

  it("formats again when an entry was edited, or when the formatter changed", () => {
    synth(["resource a {}", "resource b {}"]);
    for (const entry of readdirSync(cacheDir)) {
      const path = join(cacheDir, entry);
      writeFileSync(path, readFileSync(path, "utf8").replace("# formatted", "# edited by hand"));
    }
    const afterEdit = synth(["resource a {}", "resource b {}"]);
    expect(afterEdit.formatted).toEqual(stacks);
    expect(afterEdit.outputs.join("")).not.toContain("edited by hand");

    writeFileSync(formatter, "// formatter v2\n");
    expect(synth(["resource a {}", "resource b {}"]).formatted).toEqual(stacks);
  });
});
