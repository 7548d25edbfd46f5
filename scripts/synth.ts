/**
 * `npm run synth`: every stack, as Terraform JSON in cdktf.out/stacks (what `cdktf deploy` and
 * `terraform` use) and as HCL in cdktf.out/hcl/stacks (for review, and for teams without cdktf).
 * Runs offline: no AWS account and no Terraform binary. Generates the Prisma client first when it
 * is out of date (the bundles import it).
 */
// First: cdktf must not load archiver, which it never uses here (see there).
import "./lib/lazy-archiver";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { BUILD_DIR, buildAll } from "../bundling/build";
import { loadAppConfig } from "../config";
import { tidyCdktfHcl } from "../synth/hcl-text";
import { ConfigError } from "../config/load";
import { synthesizeApp } from "../stacks/synthesize-app";
import { HclFormatCache } from "./lib/hcl-format-cache";
import { HclOutputCache, type SynthProgram } from "./lib/hcl-output-cache";
import { ensurePrismaClientGenerated } from "./lib/prisma-client-generation";
import { mendCdktfHclRendering } from "../synth/hcl-rendering";

const PROJECT_ROOT = join(__dirname, "..");
const OUTDIR = "cdktf.out";
const HCL_OUTDIR = join(OUTDIR, "hcl");
const HCL_FORMAT_WORKER = join(__dirname, "format-hcl-worker.cjs");

function stackFiles(outdir: string): string[] {
  const stacksDir = join(outdir, "stacks");
  return readdirSync(stacksDir)
    .sort()
    .flatMap((stack) =>
      readdirSync(join(stacksDir, stack))
        .filter((file) => file === "cdk.tf" || file === "cdk.tf.json")
        .map((file) => join(stacksDir, stack, file)),
    );
}

/**
 * What makes this program, for the HCL output cache: this script as scripts/run-ts.mjs compiled it,
 * with all of the project's code (hashed just before it ran), the installed packages that render
 * and format HCL (npm rewrites node_modules/.package-lock.json at every install), and the
 * formatter's worker. Run any other way, or with SYNTH_FRESH_HCL=1, there is none, and the HCL is
 * always synthesized.
 */
function synthProgram(): SynthProgram | undefined {
  const compiled = process.env.RUN_TS_PROGRAM ?? "";
  const separator = compiled.lastIndexOf(":");
  // __filename is the compiled file's: run-ts.mjs defines only __dirname, as the source's folder.
  if (process.env.SYNTH_FRESH_HCL === "1" || compiled.slice(0, separator) !== __filename) return undefined;
  const packages = ["cdktf", "@cdktf/hcl-tools", "@cdktf/provider-aws", "constructs"].map((name) => require.resolve(`${name}/package.json`));
  const installed = join(PROJECT_ROOT, "node_modules", ".package-lock.json");
  return { sha256: compiled.slice(separator + 1), files: [...(existsSync(installed) ? [installed] : []), ...packages, HCL_FORMAT_WORKER] };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * cdktf writes HCL without indentation; hclwrite (what `terraform fmt` runs) makes it reviewable.
 * The worker loads the formatter while cdktf synthesizes the HCL, then formats the files it is given.
 * It must be closed on every path: a live worker keeps Node running, so an error would hang synth.
 */
function startHclFormatter(): { format(paths: readonly string[]): Promise<void>; close(): Promise<number> } {
  const worker = new Worker(HCL_FORMAT_WORKER);
  const outcome = new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: { formatted?: number; error?: string }) => {
      if (message.error) reject(new Error(`formatting HCL failed: ${message.error}`));
      else resolve();
    });
  });
  return {
    format(paths) {
      worker.postMessage(paths);
      return outcome;
    },
    close: () => worker.terminate(),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  // Started only when the HCL is synthesized; it formats only stacks whose HCL changed since it was
  // last formatted (HclFormatCache).
  let formatter: ReturnType<typeof startHclFormatter> | undefined;
  try {
    const config = loadAppConfig();
    ensurePrismaClientGenerated(PROJECT_ROOT);
    const artifacts = buildAll(PROJECT_ROOT);
    console.log("Bundled functions:");
    for (const artifact of Object.values(artifacts.functions)) {
      console.log(
        `  ${artifact.name.padEnd(20)} ${kib(artifact.bundleBytes).padStart(9)} bundled ${kib(artifact.zipBytes).padStart(9)} zipped` +
          (artifact.reused ? "  (unchanged: last build reused)" : ""),
      );
    }
    // A stack removed from config must not linger in the output.
    rmSync(OUTDIR, { recursive: true, force: true });
    // The JSON first: with the program, it decides whether the HCL must be synthesized again.
    synthesizeApp(config, artifacts, { outdir: OUTDIR, hclOutput: false });
    const program = synthProgram();
    const outputCache = program && new HclOutputCache(join(PROJECT_ROOT, BUILD_DIR, "hcl-output-cache"), program);
    const reuse = outputCache && { cache: outputCache, key: outputCache.keyOf(OUTDIR) };
    const hclReused = reuse?.cache.restore(reuse.key, HCL_OUTDIR, OUTDIR) ?? false;
    if (!hclReused) {
      // Started now, so that it loads the formatter while cdktf synthesizes the HCL; told below
      // which stacks, if any, its cache cannot give back.
      formatter = startHclFormatter();
      // cdktf's App creates its outdir but not the parents.
      mkdirSync(HCL_OUTDIR, { recursive: true });
      mendCdktfHclRendering();
      synthesizeApp(config, artifacts, { outdir: HCL_OUTDIR, hclOutput: true });
      const hclFiles = stackFiles(HCL_OUTDIR);
      for (const path of hclFiles) writeFileSync(path, tidyCdktfHcl(readFileSync(path, "utf8")));
      const formatCache = new HclFormatCache(join(PROJECT_ROOT, BUILD_DIR, "hcl-format-cache"), [
        require.resolve("@cdktf/hcl-tools/package.json"),
        HCL_FORMAT_WORKER,
      ]);
      await formatter.format(formatCache.restore(hclFiles));
      formatCache.save();
      const notSaved = reuse?.cache.save(reuse.key, HCL_OUTDIR, OUTDIR);
      if (notSaved) console.warn(`The HCL output is not kept for the next synth, which will synthesize it again: ${notSaved}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);

    console.log(
      `Synthesized ${config.environments.length + 1} stacks as JSON and HCL in ${seconds} s` +
        (hclReused ? " (HCL unchanged since the last synth: reused)" : "") +
        ":",
    );
    for (const path of [...stackFiles(OUTDIR), ...stackFiles(HCL_OUTDIR)]) {
      console.log(`  ${path.padEnd(48)} ${kib(statSync(path).size).padStart(9)}`);
    }
  } finally {
    await formatter?.close();
  }
}

main().catch((error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
});
