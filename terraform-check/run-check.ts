import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { mapLimited, once, TERRAFORM_CONCURRENCY } from "./limited-concurrency";
import { checkModule, moduleFolders, type ModuleCheckResult, prepareOfflineModules } from "./module-check";
import type { BridgeLedger } from "./provider-bridges";
import { checkStack, type StackCheckResult } from "./stack-check";
import type { OfflineTerraform } from "./terraform-cli";
import type { ProviderSchemas } from "./terraform-json";

/** Every stack cdktf synthesized into `<outdir>/stacks`, by name. */
export function synthesizedStacks(synthOutput: string): string[] {
  return readdirSync(join(synthOutput, "stacks"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Checks every synthesized stack (see checkStack), two at a time, each in its own folder under workRoot. */
export async function checkStacks(terraform: OfflineTerraform, synthOutput: string, workRoot: string, ledger: BridgeLedger): Promise<StackCheckResult[]> {
  // One provider, one schema: read once, from the first initialized stack.
  const schemas = once(async (folder: string) => JSON.parse((await terraform.run(folder, ["providers", "schema", "-json"])).stdout) as ProviderSchemas);
  const stacks = synthesizedStacks(synthOutput);
  if (stacks.length === 0) throw new Error(`${synthOutput}/stacks holds no stacks: run npm run synth first`);
  mkdirSync(workRoot, { recursive: true });
  // Largest first, so the small bootstrap stack fills the gap at the end.
  const order = [...stacks].sort((a, b) => Number(a.includes("bootstrap")) - Number(b.includes("bootstrap")));
  const results = await mapLimited(order, TERRAFORM_CONCURRENCY, (stack) =>
    checkStack({ terraform, stack, source: join(synthOutput, "stacks", stack), workFolder: join(workRoot, stack), ledger, schemas }),
  );
  return stacks.map((stack) => results[order.indexOf(stack)]);
}

/** Validates and `terraform test`s every module and example, two at a time, in a copy under workRoot. */
export async function checkModules(terraform: OfflineTerraform, modulesRoot: string, examplesFolder: string, workRoot: string, ledger: BridgeLedger): Promise<ModuleCheckResult[]> {
  const folders = moduleFolders(modulesRoot, examplesFolder);
  const copy = join(workRoot, "terraform-modules");
  prepareOfflineModules(modulesRoot, copy, folders, ledger);
  return mapLimited(folders, TERRAFORM_CONCURRENCY, (module) => checkModule(terraform, copy, module));
}
