/**
 * The deploy workflow's plan and apply steps, as their shell runs them, with real Terraform on a
 * small stack (the mirror's AWS provider, a local backend standing in for the state bucket): the
 * apply job applies exactly the plan the plan job saved, and refuses it as stale, without planning
 * again, when the state changed in between.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import type { OfflineTerraform } from "../../terraform-check/terraform-cli";
import { PROJECT_ROOT } from "../support/project-copy";
import { describeWithTerraform, offlineTerraform, TERRAFORM_TOOLS } from "../support/terraform-tools";

const workflow = parse(readFileSync(join(PROJECT_ROOT, ".github", "workflows", "deploy-environment.yml"), "utf8"));
const stepRun = (job: string, pattern: RegExp): string => {
  const step = workflow.jobs[job].steps.find((candidate: any) => pattern.test(String(candidate.run ?? "")));
  if (!step) throw new Error(`no step of ${job} runs ${pattern}`);
  return step.run;
};
const PLAN_STEPS = [stepRun("plan", /init -input=false$/m), stepRun("plan", / plan -input=false/), stepRun("plan", /mkdir reviewed-plan/)];
const APPLY_STEPS = [stepRun("apply", /init -input=false -lockfile=readonly/), stepRun("apply", / apply -input=false tfplan/)];
const STACK_DIR = "cdktf.out/stacks/huntaze-dev";

/** A stack with one resource whose input is `release`, its state in `stateFile`. */
function stack(release: string, stateFile: string): object {
  return {
    terraform: {
      backend: { local: { path: stateFile } },
      required_providers: { aws: { source: "hashicorp/aws", version: TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.mirror.awsVersion : "0.0.0" } },
    },
    provider: { aws: [{ region: "eu-west-1", skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true }] },
    resource: { terraform_data: { release: { input: release } } },
  };
}

describeWithTerraform("the deploy workflow applies the saved plan, or nothing (real Terraform, offline)", () => {
  let work: string;
  let terraform: OfflineTerraform;
  let stateFile: string;

  /** A job's folder: the synthesized stack at STACK_DIR, and the reviewed plan when given one. */
  function jobFolder(name: string, release: string, reviewedPlan?: string): string {
    const folder = join(work, name);
    mkdirSync(join(folder, STACK_DIR), { recursive: true });
    writeFileSync(join(folder, STACK_DIR, "cdk.tf.json"), JSON.stringify(stack(release, stateFile)));
    if (reviewedPlan) cpSync(reviewedPlan, join(folder, "reviewed-plan"), { recursive: true });
    return folder;
  }

  /** The steps' shell scripts in order, in a job's folder, as GitHub runs a step (bash -e). */
  function runSteps(folder: string, scripts: readonly string[]): Promise<{ code: number; stderr: string }> {
    const env = {
      PATH: `${dirname(TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.binary : "terraform")}:${process.env.PATH}`,
      HOME: process.env.HOME ?? "",
      STACK_DIR,
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: terraform.cliConfigFile,
      CHECKPOINT_DISABLE: "1",
      AWS_ACCESS_KEY_ID: "AKIAOFFLINECHECK0000",
      AWS_SECRET_ACCESS_KEY: "offline-check-not-a-secret",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    return scripts.reduce<Promise<{ code: number; stderr: string }>>(
      (previous, script) =>
        previous.then((result) =>
          result.code !== 0
            ? result
            : new Promise((resolve) => {
                execFile("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd: folder, env, timeout: 300_000 }, (error, _stdout, stderr) => {
                  resolve({ code: error ? Number(error.code ?? 1) : 0, stderr: `${result.stderr}${stderr}` });
                });
              }),
        ),
      Promise.resolve({ code: 0, stderr: "" }),
    );
  }

  /** The plan job: init, the saved plan, and the reviewed-plan folder (plan:summary's output stands in). */
  async function planJob(name: string, release: string): Promise<string> {
    const folder = jobFolder(name, release);
    writeFileSync(join(folder, "summary.md"), "reviewed\n");
    const result = await runSteps(folder, PLAN_STEPS);
    expect({ job: name, code: result.code, stderr: result.stderr }).toEqual({ job: name, code: 0, stderr: expect.any(String) });
    return join(folder, "reviewed-plan");
  }

  // terraform_data keeps its input as a dynamic value: its type and its value.
  const appliedRelease = () => JSON.parse(readFileSync(stateFile, "utf8")).resources[0].instances[0].attributes.input.value as string;

  /** Another apply of the same state, as a second run or a person at a laptop would make. */
  async function applyElsewhere(name: string, release: string): Promise<void> {
    const folder = join(jobFolder(name, release), STACK_DIR);
    await terraform.run(folder, ["init", "-input=false", "-no-color"]);
    await terraform.run(folder, ["apply", "-input=false", "-no-color", "-auto-approve"]);
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "huntaze-reviewed-plan-"));
    terraform = offlineTerraform();
    stateFile = join(work, "state", "terraform.tfstate");
    mkdirSync(dirname(stateFile));
    await applyElsewhere("first-apply", "v1");
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("applies the reviewed plan in another job's folder, with the providers it was made with", async () => {
    const reviewed = await planJob("plan-v2", "v2");
    expect(readFileSync(join(reviewed, "terraform.lock.hcl"), "utf8")).toContain('provider "registry.terraform.io/hashicorp/aws"');

    const result = await runSteps(jobFolder("apply-v2", "v2", reviewed), APPLY_STEPS);

    expect(result.code).toBe(0);
    expect(appliedRelease()).toBe("v2");
  }, 300_000);

  it("applies with the backend settings saved in the plan, not the apply folder's: why the backends name no role of their own", async () => {
    const reviewed = await planJob("plan-v4", "v4");
    const elsewhere = join(work, "state-elsewhere", "terraform.tfstate");
    mkdirSync(dirname(elsewhere));
    const folder = jobFolder("apply-v4", "v4", reviewed);
    const config = JSON.parse(readFileSync(join(folder, STACK_DIR, "cdk.tf.json"), "utf8"));
    config.terraform.backend.local.path = elsewhere;
    writeFileSync(join(folder, STACK_DIR, "cdk.tf.json"), JSON.stringify(config));

    const result = await runSteps(folder, APPLY_STEPS);

    expect(result.code).toBe(0);
    expect(appliedRelease()).toBe("v4");
    expect(existsSync(elsewhere)).toBe(false);
  }, 300_000);

  it("refuses a plan made stale by another apply, and plans nothing again", async () => {
    const reviewed = await planJob("plan-v3", "v3");
    await applyElsewhere("meanwhile", "v2-hotfix");

    const result = await runSteps(jobFolder("apply-v3", "v3", reviewed), APPLY_STEPS);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Saved plan is stale");
    expect(appliedRelease()).toBe("v2-hotfix");
  }, 300_000);
});
