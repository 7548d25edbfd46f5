import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { runNode } from "../support/child-process";
import { PROJECT_ROOT } from "../support/project-copy";

/**
 * synth's first import (scripts/lib/lazy-archiver.ts), in a process of its own as synth runs it:
 * cdktf starts without archiver, and a directory asset (which cdktf zips with archiver) still works.
 */
describe("lazy archiver", () => {
  const folder = mkdtempSync(join(tmpdir(), "lazy-archiver-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("keeps archiver unloaded while cdktf starts and synthesizes, and directory assets still get zipped", async () => {
    const hook = join(folder, "lazy-archiver.cjs");
    buildSync({ entryPoints: [join(PROJECT_ROOT, "scripts", "lib", "lazy-archiver.ts")], outfile: hook, format: "cjs", platform: "node", logLevel: "silent" });
    const assetDir = join(folder, "asset");
    mkdirSync(assetDir);
    writeFileSync(join(assetDir, "hello.txt"), "hello\n");
    const script = `
      require(${JSON.stringify(hook)});
      const { App, TerraformStack, TerraformAsset, AssetType } = require("cdktf");
      const archiverLoaded = () => Object.keys(require.cache).some((path) => /[\\\\/]node_modules[\\\\/]archiver[\\\\/]/.test(path));
      const atStart = archiverLoaded();
      const app = new App({ outdir: ${JSON.stringify(join(folder, "out"))}, stackTraces: false });
      new TerraformAsset(new TerraformStack(app, "stack"), "directory", { path: ${JSON.stringify(assetDir)}, type: AssetType.ARCHIVE });
      app.synth();
      console.log(JSON.stringify({ atStart, afterSynth: archiverLoaded() }));
    `;

    const result = await runNode(["-e", script], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });

    expect(result).toMatchObject({ code: 0 });
    expect(JSON.parse(result.stdout.trim().split("\n").pop()!)).toEqual({ atStart: false, afterSynth: false });
    const zips = readdirSync(join(folder, "out"), { recursive: true }).filter((path) => String(path).endsWith(".zip"));
    expect(zips).toHaveLength(1);
  }, 60_000);
});
