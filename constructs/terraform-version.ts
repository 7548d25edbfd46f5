import type { TerraformStack } from "cdktf";
import { ValidateTerraformVersion } from "cdktf/lib/validations/validate-terraform-version";
import type { IConstruct, IValidation } from "constructs";

/**
 * The oldest Terraform these stacks work with: the S3 backend's native locking (`use_lockfile`)
 * needs 1.10; `import` blocks (adopting an RDS instance) 1.5, `terraform_data` (the canary deploy
 * step) 1.4.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/**
 * Declares the Terraform version a stack needs in its own `terraform` block, where Terraform enforces
 * it at `init` and `plan` on the machine that applies.
 */
export function requireTerraformVersion(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
}

/**
 * cdktf checks the same thing at synth by running `terraform version` in a shell, once for each
 * `terraform_data` resource and import block, in every synth pass: twelve processes and 0.6 s of a
 * 1.7 s synth here, and a failed synth on any machine without Terraform (a laptop running
 * `npm run synth`, a CI job that only reviews the output). Synth writes files and needs no
 * Terraform, so those probes are removed; `requireTerraformVersion` keeps the guarantee.
 *
 * constructs keeps validations in a private array with no way to remove one; this reaches into it,
 * and fails loudly if a constructs release changes that, rather than silently probing again.
 */
export function removeTerraformBinaryProbes(scope: IConstruct): void {
  for (const construct of scope.node.findAll()) {
    const node = construct.node as unknown as { _validations?: unknown };
    if (!Array.isArray(node._validations)) {
      throw new Error("removeTerraformBinaryProbes: constructs no longer keeps validations in Node._validations");
    }
    const validations = node._validations as IValidation[];
    const kept = validations.filter((validation) => !(validation instanceof ValidateTerraformVersion));
    validations.splice(0, validations.length, ...kept);
  }
}
