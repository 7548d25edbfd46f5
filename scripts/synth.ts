/**
 * `npm run synth`: every stack, as Terraform JSON in cdktf.out/stacks (what `cdktf deploy` and
 * `terraform` use) and as HCL in cdktf.out/hcl/stacks (for review, and for teams without cdktf).
 * Runs offline: no AWS account and no Terraform binary.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { buildAll } from "../bundling/build";
import { loadAppConfig } from "../config";
import { tidyCdktfHcl } from "../synth/hcl-text";
import { ConfigError } from "../config/load";
import { synthesizeApp } from "../stacks/synthesize-app";
import { mendCdktfHclRendering } from "../synth/hcl-rendering";

const PROJECT_ROOT = join(__dirname, "..");
const OUTDIR = "cdktf.out";
const HCL_OUTDIR = join(OUTDIR, "hcl");

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

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * cdktf writes HCL without indentation; hclwrite (what `terraform fmt` runs) makes it reviewable.
 * The worker starts loading the formatter at once and formats once it is given the files. It must
 * be closed on every path: a live worker keeps Node running, so a config error would hang synth.
 */
function startHclFormatter(): { format(paths: readonly string[]): Promise<void>; close(): Promise<number> } {
  const worker = new Worker(join(__dirname, "format-hcl-worker.cjs"));
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
  const formatter = startHclFormatter();
  try {
    const config = loadAppConfig();
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
    // cdktf's App creates its outdir but not the parents; the HCL pass runs first.
    mkdirSync(HCL_OUTDIR, { recursive: true });
    mendCdktfHclRendering();
    synthesizeApp(config, artifacts, { outdir: HCL_OUTDIR, hclOutput: true });
    const hclFiles = stackFiles(HCL_OUTDIR);
    for (const path of hclFiles) writeFileSync(path, tidyCdktfHcl(readFileSync(path, "utf8")));
    const formatted = formatter.format(hclFiles);
    synthesizeApp(config, artifacts, { outdir: OUTDIR, hclOutput: false });
    await formatted;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);

    console.log(`Synthesized ${config.environments.length + 1} stacks as JSON and HCL in ${seconds} s:`);
    for (const path of [...stackFiles(OUTDIR), ...stackFiles(HCL_OUTDIR)]) {
      console.log(`  ${path.padEnd(48)} ${kib(statSync(path).size).padStart(9)}`);
    }
  } finally {
    await formatter.close();
  }
}

main().catch((error: unknown) => {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
});
