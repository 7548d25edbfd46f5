import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTerraformTools } from "../../terraform-check/availability";
import { OfflineTerraform } from "../../terraform-check/terraform-cli";

/** Terraform and the provider mirror, as the check finds them (TF_PROVIDER_MIRROR or the implied mirror folders). */
export const TERRAFORM_TOOLS = findTerraformTools();

/**
 * The offline Terraform the tests run. Its CLI configuration lives in one folder shared by the test
 * files: each writes the same text there (the mirror's root), and nothing is left per run.
 */
export function offlineTerraform(): OfflineTerraform {
  if (!TERRAFORM_TOOLS.available) throw new Error(TERRAFORM_TOOLS.missing);
  return new OfflineTerraform(TERRAFORM_TOOLS.binary, TERRAFORM_TOOLS.mirror, join(tmpdir(), "huntaze-terraform-cli"));
}

/**
 * `describe` where Terraform and the mirror are present; elsewhere a skipped `describe` whose name,
 * and one printed line, say what is missing and how to enable the checks.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  if (TERRAFORM_TOOLS.available) {
    describe(name, body);
  } else {
    console.warn(`Skipped "${name}": ${TERRAFORM_TOOLS.missing}`);
    describe.skip(`${name} (skipped: ${TERRAFORM_TOOLS.missing})`, body);
  }
}
