/**
 * The bootstrap stack's grants as real Terraform plans them, offline (the mirror's provider): the
 * bucket and key policies Terraform renders give each environment its own state and nothing of the
 * others', and a plan that would destroy the state key or the bucket is refused.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppConfig } from "../../config";
import { ciRoleArns } from "../../stacks/state-store";
import { BridgeLedger } from "../../terraform-check/provider-bridges";
import { STACK_FILE } from "../../terraform-check/offline-stack";
import { checkStack, type StackCheckResult } from "../../terraform-check/stack-check";
import type { OfflineTerraform, TerraformResult } from "../../terraform-check/terraform-cli";
import { allResources, type PlanJson, type StateValuesModule } from "../../terraform-check/terraform-json";
import { synthesizeAppStacks } from "../support/app-stacks";
import { ALLOW_EVERYTHING, evaluate, policyFromJson, type Policy } from "../support/iam-policy-evaluator";
import { describeWithTerraform, offlineTerraform, TERRAFORM_TOOLS } from "../support/terraform-tools";

const config = loadAppConfig();
const STATE_ACCOUNT = config.stateStore.accountId;
const BUCKET_ARN = "arn:aws:s3:::huntaze-tfstate-444444444444-eu-west-1";

/** What the first plan would create at an address. */
function plannedAfter(plan: PlanJson, address: string): Record<string, unknown> {
  const change = plan.resource_changes?.find((candidate) => candidate.address === address);
  if (!change) throw new Error(`no ${address} in the plan`);
  return change.change.after as Record<string, unknown>;
}

/** A resource's values in a state shown as JSON (`terraform show -json terraform.tfstate`). */
function appliedValues(state: AppliedStateJson, address: string): Record<string, unknown> {
  const found = allResources(state.values?.root_module).find((resource) => resource.address === address);
  if (!found) throw new Error(`no ${address} in the applied state`);
  return found.values;
}

interface AppliedStateJson {
  readonly values?: { readonly root_module?: StateValuesModule };
}

describeWithTerraform("the state store's grants under real Terraform (the bootstrap stack, offline)", () => {
  let work: string;
  let terraform: OfflineTerraform;
  let result: StackCheckResult;
  let applied: AppliedStateJson;
  let destroy: TerraformResult;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "huntaze-state-access-"));
    terraform = offlineTerraform();
    const synthesized = join(work, "huntaze-bootstrap");
    mkdirSync(synthesized);
    writeFileSync(join(synthesized, STACK_FILE), JSON.stringify(synthesizeAppStacks().bootstrap.json));
    const folder = join(work, "applied");
    result = await checkStack({
      terraform,
      stack: "huntaze-bootstrap",
      source: synthesized,
      workFolder: folder,
      ledger: new BridgeLedger(TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.mirror.awsVersion : "0.0.0"),
      schemas: async (at) => JSON.parse((await terraform.run(at, ["providers", "schema", "-json"])).stdout),
    });
    // The state an apply of the first plan would leave, with the stack as synthesized (guards included).
    applied = JSON.parse((await terraform.run(folder, ["show", "-json", "-no-color", "terraform.tfstate"])).stdout);
    destroy = await terraform.run(folder, ["plan", "-destroy", "-input=false", "-no-color", "-lock=false", "-refresh=false"], { allowFailure: true });
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("plans the state store from nothing, and no changes after its apply", () => {
    expect(result.counts).toEqual({ create: 9 });
    expect(result.remaining).toEqual([]);
  });

  it("renders a key policy that lets each deploy role use the key for its own state only, through S3", () => {
    const keyPolicy = policyFromJson("key policy (planned)", JSON.parse(plannedAfter(result.firstPlan, "aws_kms_key.terraform_state_key").policy as string));
    const sids = keyPolicy.statements.map((statement) => statement.sid);
    expect(sids).toEqual(["KeyAdministrationByItsAccount", ...["Dev", "Staging", "Prod"].flatMap((env) => [`Huntaze${env}DeployEncryptsItsState`, `Huntaze${env}PlanDecryptsItsState`])]);

    for (const environment of config.environments) {
      const principal = { arn: ciRoleArns(environment).deploy, account: environment.accountId };
      for (const target of config.environments) {
        const decision = evaluate({
          principal,
          action: "kms:GenerateDataKey",
          resource: config.stateStore.kmsKeyArn!,
          resourceAccount: STATE_ACCOUNT,
          identityPolicies: [ALLOW_EVERYTHING],
          resourcePolicy: keyPolicy,
          context: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": `${BUCKET_ARN}/huntaze/${target.name}/terraform.tfstate` },
        });
        expect({ from: environment.name, to: target.name, allowed: decision.allowed }).toEqual({ from: environment.name, to: target.name, allowed: environment.name === target.name });
      }
    }
  });

  it("applies a bucket policy that lets each deploy role write its own state and lock file only, and each plan role write nothing", () => {
    const bucketPolicy: Policy = policyFromJson("bucket policy (applied)", JSON.parse(appliedValues(applied, "aws_s3_bucket_policy.terraform_state_policy").policy as string));
    for (const environment of config.environments) {
      for (const role of ["deploy", "plan"] as const) {
        const principal = { arn: ciRoleArns(environment)[role], account: environment.accountId };
        for (const target of config.environments) {
          const writes = [`huntaze/${target.name}/terraform.tfstate`, `huntaze/${target.name}/terraform.tfstate.tflock`].map((key) =>
            evaluate({ principal, action: "s3:PutObject", resource: `${BUCKET_ARN}/${key}`, resourceAccount: STATE_ACCOUNT, identityPolicies: [ALLOW_EVERYTHING], resourcePolicy: bucketPolicy }).allowed,
          );
          const expected = role === "deploy" && environment.name === target.name;
          expect({ role: `${environment.name} ${role}`, state: target.name, writes }).toEqual({ role: `${environment.name} ${role}`, state: target.name, writes: [expected, expected] });
        }
      }
    }
  });

  it("refuses a plan that would destroy the state key or the bucket", () => {
    expect(destroy.code).toBe(1);
    expect(destroy.stderr).toContain("Instance cannot be destroyed");
    for (const address of ["aws_kms_key.terraform_state_key", "aws_s3_bucket.terraform_state"]) {
      expect(destroy.stderr).toContain(`Resource ${address} has lifecycle.prevent_destroy set`);
    }
  });
});
