/**
 * `npm run check:terraform [-- --synth-output <dir>]`: real Terraform on what this project writes,
 * offline. For every synthesized stack (npm run synth runs first): init from a provider mirror,
 * validate, plan from no state, then plan again against the state that plan's apply would leave,
 * which must show no changes. For every module and example under terraform-modules/: validate, and
 * `terraform test` with the mock provider. Nothing reaches AWS or a registry.
 *
 * Needs Terraform on the PATH and a filesystem mirror of hashicorp/aws (TF_PROVIDER_MIRROR, or
 * Terraform's implied mirror folders). Exit codes: 0 all passed; 1 a check failed or the tools are missing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EXAMPLES_FOLDER, MODULES_FOLDER } from "../module-builder/module-folder";
import { awsProviderConstraint } from "../module-builder/versions";
import { findTerraformTools } from "../terraform-check/availability";
import { describeDifference } from "../terraform-check/plan-differences";
import { BridgeLedger } from "../terraform-check/provider-bridges";
import { checkModules, checkStacks } from "../terraform-check/run-check";
import { OfflineTerraform } from "../terraform-check/terraform-cli";

const PROJECT_ROOT = join(__dirname, "..");

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "synth-output": { type: "string", default: join(PROJECT_ROOT, "cdktf.out") } } });
  const tools = findTerraformTools();
  if (!tools.available) {
    console.error(`check:terraform: ${tools.missing}`);
    return 1;
  }
  const started = Date.now();
  console.log(`Terraform ${tools.terraformVersion}; hashicorp/aws ${tools.mirror.awsVersion} from ${tools.mirror.root} (${tools.mirror.foundBy})`);
  console.log(`The project targets hashicorp/aws ${awsProviderConstraint()}; bridged for ${tools.mirror.awsVersion} as terraform-check/provider-bridges.ts says.`);

  const work = mkdtempSync(join(tmpdir(), "huntaze-terraform-check-"));
  const terraform = new OfflineTerraform(tools.binary, tools.mirror, join(work, "cli"));
  const ledger = new BridgeLedger(tools.mirror.awsVersion);
  let failures = 0;
  try {
    const stacks = await checkStacks(terraform, values["synth-output"]!, join(work, "stacks"), ledger);
    console.log("\nStacks (validate, offline plan, plan after apply):");
    for (const result of stacks) {
      const counts = Object.entries(result.counts).map(([action, count]) => `${count} to ${action}`).join(", ");
      const imports = result.droppedImports > 0 ? ` (${result.droppedImports} import block${result.droppedImports === 1 ? "" : "s"} left out: an import reads AWS)` : "";
      const after = result.remaining.length === 0 ? "no changes" : `${result.remaining.length} CHANGES`;
      console.log(`  ${result.stack}: valid; plan: ${counts}${imports}; after apply: ${after} (${result.resolvingPlans} resolving plan${result.resolvingPlans === 1 ? "" : "s"})`);
      for (const difference of result.remaining) console.log(`    ${describeDifference(difference)}`);
      if (result.remaining.length > 0) failures++;
    }

    const modules = await checkModules(terraform, join(PROJECT_ROOT, MODULES_FOLDER), EXAMPLES_FOLDER, join(work, "modules"), ledger);
    console.log("\nModules (validate, terraform test):");
    for (const result of modules) {
      console.log(`  ${result.module}: ${result.passed ? "valid" : "FAILED"}; tests: ${result.tests}`);
      if (!result.passed) {
        failures++;
        console.log(result.output.replace(/^/gm, "    "));
      }
    }

    console.log(`\nProvider bridges (${tools.mirror.awsVersion}):${ledger.summary().map((line) => `\n  ${line}`).join("") || " none needed"}`);
    for (const stale of ledger.unusedBridges()) {
      failures++;
      console.log(`  STALE: ${stale} rewrote nothing; remove it from terraform-check/provider-bridges.ts`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n${failures === 0 ? "All passed" : `${failures} failed`} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`check:terraform: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
