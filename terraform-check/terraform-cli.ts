import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { ProviderMirror } from "./provider-mirror";

/** The Terraform binary on the PATH, or undefined. */
export function findTerraformBinary(path = process.env.PATH ?? ""): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((folder) => join(folder, "terraform"))
    .find((candidate) => existsSync(candidate));
}

/** `terraform version -json`'s version. */
export function terraformVersion(binary: string): string {
  const output = execFileSync(binary, ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" } });
  return (JSON.parse(output) as { terraform_version: string }).terraform_version;
}

/** How a Terraform command ended. */
export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A Terraform command failed; the message holds the command, the folder and what Terraform said. */
export class TerraformCommandError extends Error {
  override readonly name = "TerraformCommandError";
}

/**
 * Runs Terraform against the mirror only: a CLI configuration of its own (no user config, no
 * registry), fake AWS credentials and no update checks. Nothing it runs can reach AWS or a
 * registry. Every init links the provider straight from the unpacked mirror (no copy), so all
 * working folders of a run, and all runs, share the one installed provider.
 */
export class OfflineTerraform {
  readonly cliConfigFile: string;

  constructor(
    readonly binary: string,
    readonly mirror: ProviderMirror,
    /** A folder for the CLI configuration. */
    home: string,
  ) {
    this.cliConfigFile = join(home, "terraform.tfrc");
    mkdirSync(home, { recursive: true });
    // Written aside and renamed into place: another process may be reading the file (the test
    // files share one), and must never see it half written.
    const pending = `${this.cliConfigFile}.${process.pid}`;
    writeFileSync(pending, cliConfiguration(mirror.root));
    renameSync(pending, this.cliConfigFile);
  }

  /** Runs `terraform <args>` in a folder; rejects with Terraform's own message when it exits non-zero, unless `allowFailure`. */
  run(folder: string, args: readonly string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}): Promise<TerraformResult> {
    return new Promise((resolve, reject) => {
      execFile(
        this.binary,
        [...args],
        { cwd: folder, env: this.environment(), timeout: options.timeoutMs ?? 300_000, maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          if (code !== 0 && !options.allowFailure) {
            reject(new TerraformCommandError(`terraform ${args.join(" ")} in ${folder} exited ${code}:\n${(stderr || stdout).trim()}`));
          } else {
            resolve({ code, stdout, stderr });
          }
        },
      );
    });
  }

  private environment(): NodeJS.ProcessEnv {
    const environment: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      TF_CLI_CONFIG_FILE: this.cliConfigFile,
      TF_IN_AUTOMATION: "1",
      // Every command starts the AWS provider, whose start-up is mostly allocation: Go's collector
      // then runs on the cores the other checks need (a third or more of the command's CPU). It
      // collects only near the limit instead, which one command here does not reach. Terraform
      // passes both to the provider it starts.
      GOGC: process.env.GOGC ?? "off",
      GOMEMLIMIT: process.env.GOMEMLIMIT ?? "2GiB",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
      // Fake credentials: the provider configures without them otherwise looking for real ones
      // (shared files, SSO, the instance metadata service).
      AWS_ACCESS_KEY_ID: "AKIAOFFLINECHECK0000",
      AWS_SECRET_ACCESS_KEY: "offline-check-not-a-secret",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    };
    for (const key of Object.keys(environment)) if (environment[key] === undefined) delete environment[key];
    return environment;
  }
}

/**
 * Providers come from the mirror alone: `direct` is excluded for them, so a provider the mirror
 * lacks fails init instead of downloading. No plugin cache: from an unpacked mirror Terraform
 * links the provider in place, and a cache would only add a link that parallel inits race to
 * recreate ("failed to create directory ... file exists").
 */
export function cliConfiguration(mirrorRoot: string): string {
  return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirrorRoot)}
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`;
}
