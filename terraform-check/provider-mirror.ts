import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The environment variable that names a provider mirror's root (`.ci/run` sets it after finding one). */
export const MIRROR_VARIABLE = "TF_PROVIDER_MIRROR";

/** The AWS provider's address in a mirror's unpacked layout: <root>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/. */
const AWS_PROVIDER_PATH = ["registry.terraform.io", "hashicorp", "aws"];

/** A filesystem mirror holding the AWS provider, in Terraform's unpacked layout. */
export interface ProviderMirror {
  /** What `filesystem_mirror { path = ... }` names. */
  readonly root: string;
  /** The AWS provider version the check runs with: the newest in the mirror for this platform. */
  readonly awsVersion: string;
  /** Where the root came from: the environment variable or the well-known folder. */
  readonly foundBy: string;
}

/**
 * Terraform's implied local mirror folders (https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories),
 * searched in its order when no variable names a mirror.
 */
export function wellKnownMirrorFolders(environment: NodeJS.ProcessEnv = process.env): string[] {
  const home = environment.HOME ?? homedir();
  const dataHome = environment.XDG_DATA_HOME ?? join(home, ".local", "share");
  const dataDirs = (environment.XDG_DATA_DIRS ?? "/usr/local/share:/usr/share").split(":").filter(Boolean);
  return [
    join(home, ".terraform.d", "plugins"),
    join(dataHome, "terraform", "plugins"),
    ...dataDirs.map((folder) => join(folder, "terraform", "plugins")),
  ];
}

/** Terraform's name for this machine's platform, as in the mirror's folders (linux_amd64). */
export function terraformPlatform(): string {
  const arch = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" }[process.arch as string] ?? process.arch;
  return `${process.platform}_${arch}`;
}

/** Versions of the AWS provider a mirror root holds for this platform, newest first. */
export function awsVersionsIn(root: string): string[] {
  const folder = join(root, ...AWS_PROVIDER_PATH);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  const platform = terraformPlatform();
  return readdirSync(folder)
    .filter((version) => /^\d+\.\d+\.\d+$/.test(version) && existsSync(join(folder, version, platform)))
    .sort((a, b) => compareVersions(b, a));
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split(".").map(Number));
  for (let part = 0; part < 3; part++) if (x[part] !== y[part]) return x[part] - y[part];
  return 0;
}

/**
 * Finds a mirror with the AWS provider: the one the variable names (which must hold it, or this
 * fails saying so), else the first well-known folder that does. Undefined when there is none.
 */
export function findProviderMirror(environment: NodeJS.ProcessEnv = process.env): ProviderMirror | undefined {
  const named = environment[MIRROR_VARIABLE];
  if (named) {
    const [newest] = awsVersionsIn(named);
    if (!newest) {
      throw new Error(`${MIRROR_VARIABLE}=${named} holds no ${AWS_PROVIDER_PATH.join("/")}/<version>/${terraformPlatform()}/ (Terraform's unpacked mirror layout)`);
    }
    return { root: named, awsVersion: newest, foundBy: MIRROR_VARIABLE };
  }
  for (const root of wellKnownMirrorFolders(environment)) {
    const [newest] = awsVersionsIn(root);
    if (newest) return { root, awsVersion: newest, foundBy: "Terraform's implied mirror folders" };
  }
  return undefined;
}
