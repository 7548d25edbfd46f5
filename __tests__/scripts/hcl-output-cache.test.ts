import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { HclOutputCache } from "../../scripts/lib/hcl-output-cache";
import { readTree } from "../support/project-copy";

function write(folder: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
}

const ASSET = "stacks/dev/assets/code/ABC123/code.zip";
/** What cdktf's JSON pass writes: the manifest, a stack, and the stack's asset. */
const JSON_OUTPUT = {
  "manifest.json": '{"stacks":{"dev":{}}}',
  "stacks/dev/cdk.tf.json": '{"resource":{"aws_lambda_function":{"f":{"memory_size":512}}}}',
  [ASSET]: "zip bytes",
};
/** What the HCL pass (tidied and formatted) writes beside it: the same asset, at the same path. */
const HCL_OUTPUT = {
  "manifest.json": '{"stacks":{"dev":{"synthesizedStackPath":"stacks/dev/cdk.tf"}}}',
  "stacks/dev/cdk.tf": 'resource "aws_lambda_function" "f" {\n  memory_size = 512\n}\n',
  "stacks/dev/metadata.json": "{}",
  [ASSET]: "zip bytes",
};

describe("HclOutputCache", () => {
  let folder: string;
  let cacheDir: string;
  let program: string;
  let jsonOut: string;
  let hclOut: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "hcl-output-cache-"));
    cacheDir = join(folder, "cache");
    program = join(folder, "synth.cjs");
    jsonOut = join(folder, "out");
    hclOut = join(folder, "out", "hcl");
    writeFileSync(program, "// a file the program loads, v1\n");
    write(jsonOut, JSON_OUTPUT);
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const cacheOf = (environment: Record<string, string> = {}, nodeVersion = "v22.0.0", programSha256 = "compiled-v1") =>
    new HclOutputCache(cacheDir, { sha256: programSha256, files: [program] }, environment, nodeVersion);

  /** A synth that synthesized the HCL: its output written, then remembered. */
  function synthesizedHcl(cache: HclOutputCache): string {
    write(hclOut, HCL_OUTPUT);
    // The HCL output's folder sits inside the JSON output's, as in cdktf.out: it is not part of the key.
    const key = cache.keyOf(jsonOut);
    expect(cache.save(key, hclOut, jsonOut)).toBeUndefined();
    return key;
  }

  it("gives the next synth of the same JSON by the same program the same HCL output, its assets copied from the JSON output", () => {
    synthesizedHcl(cacheOf());
    const written = readTree(hclOut);
    rmSync(hclOut, { recursive: true });

    const next = cacheOf();
    expect(next.restore(next.keyOf(jsonOut), hclOut, jsonOut)).toBe(true);

    expect(readTree(hclOut)).toEqual(written);
    expect(readFileSync(join(hclOut, ASSET), "utf8")).toBe("zip bytes");
  });

  it("keys by the JSON output but not its assets, whose paths the JSON names", () => {
    const cache = cacheOf();
    const key = cache.keyOf(jsonOut);

    writeFileSync(join(jsonOut, ASSET), "other zip bytes");
    expect(cache.keyOf(jsonOut)).toBe(key);

    writeFileSync(join(jsonOut, "stacks/dev/cdk.tf.json"), JSON_OUTPUT["stacks/dev/cdk.tf.json"].replace("512", "640"));
    expect(cache.keyOf(jsonOut)).not.toBe(key);
  });

  it("has nothing for another compiled program, a file it loads that changed, another Node or another CDKTF_ variable", () => {
    const key = synthesizedHcl(cacheOf({ CDKTF_CONTEXT_JSON: "{}" }));
    rmSync(hclOut, { recursive: true });
    expect(cacheOf({ CDKTF_CONTEXT_JSON: "{}" }).keyOf(jsonOut)).toBe(key);

    expect(cacheOf({ CDKTF_CONTEXT_JSON: '{"x":1}' }).keyOf(jsonOut)).not.toBe(key);
    expect(cacheOf({}).keyOf(jsonOut)).not.toBe(key);
    expect(cacheOf({ CDKTF_CONTEXT_JSON: "{}" }, "v24.0.0").keyOf(jsonOut)).not.toBe(key);
    // Other variables are not cdktf's and do not count.
    expect(cacheOf({ CDKTF_CONTEXT_JSON: "{}", TZ: "Asia/Kolkata" }).keyOf(jsonOut)).toBe(key);

    expect(cacheOf({ CDKTF_CONTEXT_JSON: "{}" }, "v22.0.0", "compiled-v2").keyOf(jsonOut)).not.toBe(key);

    writeFileSync(program, "// a file the program loads, v2\n");
    const changedProgram = cacheOf({ CDKTF_CONTEXT_JSON: "{}" });
    expect(changedProgram.restore(changedProgram.keyOf(jsonOut), hclOut, jsonOut)).toBe(false);
    expect(existsSync(hclOut)).toBe(false);
  });

  it("writes nothing from an entry edited or cut short", () => {
    const key = synthesizedHcl(cacheOf());
    rmSync(hclOut, { recursive: true });
    const [entry] = readdirSync(cacheDir);
    const text = readFileSync(join(cacheDir, entry), "utf8");

    writeFileSync(join(cacheDir, entry), text.replace("memory_size = 512", "memory_size = 9999"));
    expect(cacheOf().restore(key, hclOut, jsonOut)).toBe(false);
    writeFileSync(join(cacheDir, entry), text.slice(0, text.length / 2));
    expect(cacheOf().restore(key, hclOut, jsonOut)).toBe(false);
    expect(existsSync(hclOut)).toBe(false);
  });

  it("writes nothing when an asset the HCL names is missing from the JSON output", () => {
    const key = synthesizedHcl(cacheOf());
    rmSync(hclOut, { recursive: true });
    rmSync(join(jsonOut, ASSET));

    expect(cacheOf().restore(key, hclOut, jsonOut)).toBe(false);
    expect(existsSync(hclOut)).toBe(false);
  });

  it("keeps only the last synth's entry, and leaves another synth's entry being written alone", () => {
    synthesizedHcl(cacheOf());
    const anotherSynthWriting = join(cacheDir, "0123.json.99999.pending");
    writeFileSync(anotherSynthWriting, "{");
    rmSync(hclOut, { recursive: true });
    const key = synthesizedHcl(cacheOf({}, "v22.0.0", "compiled-v2"));

    expect(readdirSync(cacheDir).sort()).toEqual([anotherSynthWriting.split("/").pop(), `${key}.json`].sort());
  });

  it("keeps nothing, and says why, from an HCL output that does not list the JSON output's stacks", () => {
    const cache = cacheOf();
    write(hclOut, { ...HCL_OUTPUT, "manifest.json": '{"stacks":{"dev":{},"prod":{}}}' });

    expect(cache.save(cache.keyOf(jsonOut), hclOut, jsonOut)).toBe(`the HCL output in ${hclOut} does not list the stacks the JSON output does`);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it("says why, without throwing, when its folder cannot be written; the next synth synthesizes the HCL again", () => {
    writeFileSync(cacheDir, "a file where the cache's folder would go");
    const cache = cacheOf();
    write(hclOut, HCL_OUTPUT);
    const key = cache.keyOf(jsonOut);

    expect(cache.save(key, hclOut, jsonOut)).toMatch(new RegExp(`^${cacheDir}: EEXIST`));
    rmSync(hclOut, { recursive: true });
    expect(cacheOf().restore(key, hclOut, jsonOut)).toBe(false);
  });
});
