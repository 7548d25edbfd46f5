import { findProviderMirror, MIRROR_VARIABLE, type ProviderMirror } from "./provider-mirror";
import { findTerraformBinary, terraformVersion } from "./terraform-cli";

/** What the check runs with, or why it cannot run here. */
export type TerraformTools =
  | { readonly available: true; readonly binary: string; readonly terraformVersion: string; readonly mirror: ProviderMirror }
  | { readonly available: false; readonly missing: string };

/**
 * Terraform on the PATH and a filesystem mirror with the AWS provider. When either is absent, one
 * line says which and how to provide it: the check never downloads a provider.
 */
export function findTerraformTools(environment: NodeJS.ProcessEnv = process.env): TerraformTools {
  const binary = findTerraformBinary(environment.PATH);
  if (!binary) {
    return { available: false, missing: "no terraform on the PATH: install Terraform 1.10 or later to run the Terraform checks" };
  }
  const mirror = findProviderMirror(environment);
  if (!mirror) {
    return {
      available: false,
      missing:
        `no mirror of hashicorp/aws: set ${MIRROR_VARIABLE} to a folder holding registry.terraform.io/hashicorp/aws/<version>/<os_arch>/ ` +
        "(e.g. made by `terraform providers mirror`), or unpack one into ~/.terraform.d/plugins, to run the Terraform checks",
    };
  }
  return { available: true, binary, terraformVersion: terraformVersion(binary), mirror };
}
