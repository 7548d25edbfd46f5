import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { BridgeLedger } from "./provider-bridges";
import type { OfflineTerraform } from "./terraform-cli";

/** Terraform's default test directory, where each module's `.tftest.hcl` files live. */
export const TESTS_FOLDER = "tests";

/**
 * A module's `required_providers` pinned to the mirror's version instead of the 6.x range it
 * declares. Fails when the file has no AWS version constraint to pin: then the check would run
 * with whatever init picked.
 */
export function pinModuleProvider(versionsTf: string, version: string): string {
  const constraint = /(aws\s*=\s*\{[^}]*?version\s*=\s*)"[^"]*"/;
  if (!constraint.test(versionsTf)) throw new Error('versions.tf: no `aws = { version = "..." }` in required_providers to pin');
  return versionsTf.replace(constraint, `$1"${version}"`);
}

/** The modules and examples under a modules folder, as folder paths relative to it: alert-topic, examples/alerting-estate… */
export function moduleFolders(modulesRoot: string, examplesFolder: string): string[] {
  const folders = (root: string) =>
    readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, "versions.tf")))
      .map((entry) => relative(modulesRoot, join(root, entry.name)));
  return [...folders(modulesRoot), ...folders(join(modulesRoot, examplesFolder))].sort();
}

/**
 * Copies the modules folder (examples call modules by relative path, so it moves whole) and makes
 * every module the mirror's: provider pinned, 6.x references bridged. Test files are copied as written.
 */
export function prepareOfflineModules(modulesRoot: string, destination: string, folders: readonly string[], ledger: BridgeLedger): void {
  cpSync(modulesRoot, destination, { recursive: true, filter: (source) => !/(^|\/)\.terraform(\.lock\.hcl)?$|\.tfstate/.test(source) });
  for (const folder of folders) {
    for (const file of readdirSync(join(destination, folder)).filter((name) => name.endsWith(".tf"))) {
      const path = join(destination, folder, file);
      let text = ledger.bridge(readFileSync(path, "utf8"));
      if (file === "versions.tf") {
        try {
          text = pinModuleProvider(text, ledger.providerVersion);
        } catch (error) {
          throw new Error(`${folder}/${(error as Error).message}`);
        }
      }
      writeFileSync(path, text);
    }
  }
}

export interface ModuleCheckResult {
  readonly module: string;
  /** `terraform test`'s summary line ("Success! 4 passed, 0 failed."), or why it did not run. */
  readonly tests: string;
  readonly testFiles: number;
  readonly passed: boolean;
  /** What Terraform printed when validate or test failed. */
  readonly output: string;
}

/**
 * init from the mirror, then `terraform test` (its tests/ folder, mock providers) for a module that
 * has tests, or `terraform validate` for one that has none. `terraform test` validates the module
 * against the provider's schema before its first run, so a separate validate would load the
 * provider's schema a second time for nothing.
 */
export async function checkModule(terraform: OfflineTerraform, root: string, module: string): Promise<ModuleCheckResult> {
  const folder = join(root, module);
  await terraform.run(folder, ["init", "-input=false", "-no-color", "-backend=false"]);
  const testsFolder = join(folder, TESTS_FOLDER);
  const testFiles = existsSync(testsFolder) ? readdirSync(testsFolder).filter((name) => name.endsWith(".tftest.hcl")).length : 0;
  if (testFiles === 0) {
    const validate = await terraform.run(folder, ["validate", "-no-color"], { allowFailure: true });
    if (validate.code !== 0) return { module, tests: "not run: validate failed", testFiles, passed: false, output: validate.stderr || validate.stdout };
    return { module, tests: "no tests/*.tftest.hcl", testFiles, passed: true, output: "" };
  }
  const test = await terraform.run(folder, ["test", "-no-color"], { allowFailure: true });
  const summary = /(Success!|Failure!).*$/m.exec(test.stdout)?.[0] ?? `terraform test exited ${test.code}`;
  return { module, tests: summary, testFiles, passed: test.code === 0, output: test.code === 0 ? "" : `${test.stdout}\n${test.stderr}`.trim() };
}
