/** Finding Terraform and the provider mirror, and saying what is missing (terraform-check/availability.ts). */
import { mkdirSync, mkdtempSync as makeTemporaryFolder, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findTerraformTools } from "../../terraform-check/availability";
import { findProviderMirror, terraformPlatform } from "../../terraform-check/provider-mirror";

/** Every folder a test here makes, removed afterwards: a stand-in mirror left behind could pass for a real one. */
const made: string[] = [];
function mkdtempSync(prefix: string): string {
  const folder = makeTemporaryFolder(prefix);
  made.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

/** A mirror in Terraform's unpacked layout holding the given AWS provider versions for this platform. */
function mirrorWith(...versions: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "mirror-"));
  for (const version of versions) {
    const folder = join(root, "registry.terraform.io", "hashicorp", "aws", version, terraformPlatform());
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `terraform-provider-aws_v${version}_x5`), "");
  }
  return root;
}

/** A PATH with a stand-in `terraform` that prints a version, and nothing else. */
function pathWithTerraform(): string {
  const bin = mkdtempSync(join(tmpdir(), "bin-"));
  writeFileSync(join(bin, "terraform"), '#!/bin/sh\necho \'{"terraform_version":"1.11.4"}\'\n', { mode: 0o755 });
  symlinkSync("/bin/sh", join(bin, "sh"));
  return bin;
}

describe("finding Terraform and the provider mirror", () => {
  const home = () => mkdtempSync(join(tmpdir(), "home-"));

  it("takes the mirror TF_PROVIDER_MIRROR names, with its newest AWS provider", () => {
    const root = mirrorWith("5.99.1", "5.100.0");
    expect(findProviderMirror({ HOME: home(), TF_PROVIDER_MIRROR: root })).toEqual({ root, awsVersion: "5.100.0", foundBy: "TF_PROVIDER_MIRROR" });
  });

  it("refuses a TF_PROVIDER_MIRROR without the AWS provider, naming the layout it expects", () => {
    const root = mirrorWith();
    expect(() => findProviderMirror({ HOME: home(), TF_PROVIDER_MIRROR: root })).toThrow(`TF_PROVIDER_MIRROR=${root} holds no registry.terraform.io/hashicorp/aws/<version>/${terraformPlatform()}/`);
  });

  it("finds a mirror in Terraform's implied mirror folders", () => {
    const dataHome = mkdtempSync(join(tmpdir(), "data-"));
    const plugins = join(dataHome, "terraform", "plugins");
    mkdirSync(join(plugins, "registry.terraform.io", "hashicorp", "aws", "6.25.0", terraformPlatform()), { recursive: true });

    expect(findProviderMirror({ HOME: home(), XDG_DATA_HOME: dataHome, XDG_DATA_DIRS: "/nonexistent" })).toEqual({ root: plugins, awsVersion: "6.25.0", foundBy: "Terraform's implied mirror folders" });
  });

  it("says in one line what is missing: Terraform, or the mirror", () => {
    const noTerraform = findTerraformTools({ HOME: home(), PATH: mkdtempSync(join(tmpdir(), "empty-")) });
    const noMirror = findTerraformTools({ HOME: home(), PATH: pathWithTerraform(), XDG_DATA_HOME: home(), XDG_DATA_DIRS: "/nonexistent" });

    expect(noTerraform).toEqual({ available: false, missing: "no terraform on the PATH: install Terraform 1.10 or later to run the Terraform checks" });
    expect(noMirror).toEqual({ available: false, missing: expect.stringMatching(/^no mirror of hashicorp\/aws: set TF_PROVIDER_MIRROR to a folder holding .* to run the Terraform checks$/) });
  });

  it("reports Terraform's version and the mirror's provider when both are there", () => {
    const root = mirrorWith("5.100.0");
    const tools = findTerraformTools({ HOME: home(), PATH: pathWithTerraform(), TF_PROVIDER_MIRROR: root });
    expect(tools).toMatchObject({ available: true, terraformVersion: "1.11.4", mirror: { root, awsVersion: "5.100.0" } });
  });
});
