/**
 * plan:summary on plans real Terraform made at test time, offline (the mirror's provider): the
 * bootstrap stack planned from no state (everything created), then, against the state that plan's
 * apply would leave, a change that removes its KMS key's guard and replaces the key (stateful:
 * blocked), and one that widens the state bucket's IAM policy (an access change: flagged).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reviewPlan } from "../../plan-review/review-plan";
import { parseTerraformPlan } from "../../plan-review/terraform-plan";
import { BridgeLedger } from "../../terraform-check/provider-bridges";
import { STACK_FILE } from "../../terraform-check/offline-stack";
import { checkStack, showPlan } from "../../terraform-check/stack-check";
import type { OfflineTerraform } from "../../terraform-check/terraform-cli";
import { synthesizeAppStacks } from "../support/app-stacks";
import { runNode } from "../support/child-process";
import { PROJECT_ROOT } from "../support/project-copy";
import { describeWithTerraform, offlineTerraform, TERRAFORM_TOOLS } from "../support/terraform-tools";

const summary = (args: string[]) =>
  runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/plan-summary.ts", ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });

describeWithTerraform("plan:summary on plans Terraform made (the bootstrap stack, offline)", () => {
  let work: string;
  let terraform: OfflineTerraform;
  let stackFolder: string;
  let createsEverything: string;

  /** The applied bootstrap stack with `edit` made to its configuration, planned and shown as JSON in a file. */
  async function planWith(name: string, edit: (stack: any) => void): Promise<string> {
    const file = join(stackFolder, STACK_FILE);
    const original = readFileSync(file, "utf8");
    const stack = JSON.parse(original);
    edit(stack);
    writeFileSync(file, JSON.stringify(stack, null, 2));
    try {
      await terraform.run(stackFolder, ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", `-out=${name}.tfplan`]);
      const planFile = join(work, `${name}.plan.json`);
      writeFileSync(planFile, JSON.stringify(await showPlan(terraform, stackFolder, `${name}.tfplan`)));
      return planFile;
    } finally {
      writeFileSync(file, original);
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "huntaze-real-plans-"));
    terraform = offlineTerraform();
    const synthesized = join(work, "huntaze-bootstrap");
    mkdirSync(synthesized);
    writeFileSync(join(synthesized, STACK_FILE), JSON.stringify(synthesizeAppStacks().bootstrap.json));
    stackFolder = join(work, "applied");
    const ledger = new BridgeLedger(TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.mirror.awsVersion : "0.0.0");
    const result = await checkStack({
      terraform,
      stack: "huntaze-bootstrap",
      source: synthesized,
      workFolder: stackFolder,
      ledger,
      schemas: async (folder) => JSON.parse((await terraform.run(folder, ["providers", "schema", "-json"])).stdout),
    });
    // The state is what an apply would leave only if the plan after it is empty.
    expect(result.remaining).toEqual([]);
    createsEverything = join(work, "create.plan.json");
    writeFileSync(createsEverything, JSON.stringify(result.firstPlan));
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("counts a plan that creates everything, with no warning", async () => {
    const review = reviewPlan(parseTerraformPlan(readFileSync(createsEverything, "utf8"), "create.plan.json"));
    const printed = await summary([createsEverything, "--title", "Plan for bootstrap"]);

    expect(review.counts.create).toBe(9);
    expect(review.changes.every((change) => change.kind === "create")).toBe(true);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("**9 to create");
    expect(printed.stdout).not.toContain("[!CAUTION]");
  }, 60_000);

  it("blocks a plan that replaces a stateful resource, naming what forces it", async () => {
    // The change a reviewer must catch: the key's guard removed, and the key made multi-region,
    // which AWS cannot do in place, so Terraform replaces it (with the guard, Terraform refuses to plan).
    const plan = await planWith("replace-key", (stack) => {
      const key = stack.resource.aws_kms_key.terraform_state_key;
      delete key.lifecycle?.prevent_destroy;
      key.multi_region = true;
    });
    const review = reviewPlan(parseTerraformPlan(readFileSync(plan, "utf8"), "replace-key.plan.json"));
    const printed = await summary([plan]);

    expect(review.blocked.map((change) => [change.address, change.kind, change.replacePaths])).toEqual([["aws_kms_key.terraform_state_key", "replace", ["multi_region"]]]);
    expect(printed.code).toBe(1);
    expect(printed.stdout).toContain("[!CAUTION]");
    expect(printed.stderr).toContain("aws_kms_key.terraform_state_key");
  }, 120_000);

  it("flags a plan that changes an IAM policy, and lets it through", async () => {
    const plan = await planWith("widen-policy", (stack) => {
      stack.data.aws_iam_policy_document.terraform_state_tls_only.statement.push({
        sid: "ReadState",
        effect: "Allow",
        actions: ["s3:GetObject"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::444444444444:role/state-reader"] }],
        resources: ["arn:aws:s3:::huntaze-tfstate-444444444444-eu-west-1/*"],
      });
    });
    const review = reviewPlan(parseTerraformPlan(readFileSync(plan, "utf8"), "widen-policy.plan.json"));
    const printed = await summary([plan]);

    expect(review.changes.map((change) => [change.address, change.kind])).toEqual([["aws_s3_bucket_policy.terraform_state_policy", "update"]]);
    expect(review.accessChanges.map((change) => change.address)).toEqual(["aws_s3_bucket_policy.terraform_state_policy"]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("[!WARNING]");
    expect(printed.stdout).toContain("> - update `aws_s3_bucket_policy.terraform_state_policy`");
  }, 120_000);
});
