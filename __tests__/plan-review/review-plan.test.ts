/**
 * The plan reviewer on two plans in Terraform's documented JSON format: one real (made offline by
 * Terraform 1.11 with terraform_data; see fixtures/plans/regenerate-terraform-data-plan.sh) with
 * every action a plan can hold, and one written to the format for AWS resources, with the cases a
 * reviewer must not miss.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderReview } from "../../plan-review/render-review";
import { kindOf, reviewPlan } from "../../plan-review/review-plan";
import { parseTerraformPlan, PlanFormatError } from "../../plan-review/terraform-plan";

const FIXTURES = join(__dirname, "..", "fixtures", "plans");
const load = (name: string) => parseTerraformPlan(readFileSync(join(FIXTURES, name), "utf8"), name);

describe("a real Terraform plan", () => {
  const review = reviewPlan(load("terraform-data.plan.json"));

  it("counts each action Terraform planned, replacements in either order as one kind, and the move", () => {
    expect(review.counts).toEqual({ create: 1, update: 1, replace: 2, destroy: 1, read: 0, forget: 0, "no-op": 2, moved: 1, imported: 0 });
  });

  it("lists every change but the untouched resource, with Terraform's reason and what forces a replacement", () => {
    expect(review.changes.map((change) => [change.address, change.kind])).toEqual([
      ["terraform_data.created", "create"],
      ["terraform_data.destroyed", "destroy"],
      ["terraform_data.moved_here", "no-op"],
      ["terraform_data.replaced", "replace"],
      ["terraform_data.replaced_new_first", "replace"],
      ["terraform_data.updated", "update"],
    ]);
    const text = renderReview(review, "dev");
    expect(text).toContain("**1 to create, 1 to update, 2 to replace, 1 to destroy** · 1 moved");
    expect(text).toContain("-/+ terraform_data.replaced  (replace because cannot update; forced by triggers_replace)");
    expect(text).toContain("terraform_data.moved_here  (moved from terraform_data.renamed)");
    expect(text).toContain("Outputs changing: `version`");
    // terraform_data holds nothing: no warnings.
    expect(review.statefulLosses).toEqual([]);
    expect(text).not.toContain("[!CAUTION]");
  });
});

describe("a plan touching stateful AWS resources and access", () => {
  const plan = load("stateful-aws.plan.json");

  it("blocks the destroy and the replacement of stateful resources, naming each, until each address is allowed", () => {
    const review = reviewPlan(plan);
    const partly = reviewPlan(plan, { allowDestroy: ["aws_db_instance.database"] });
    const allowed = reviewPlan(plan, { allowDestroy: ["aws_db_instance.database", "aws_cloudwatch_log_group.candidate"] });

    expect(review.blocked.map((change) => [change.address, change.kind])).toEqual([
      ["aws_db_instance.database", "replace"],
      ["aws_cloudwatch_log_group.candidate", "destroy"],
    ]);
    expect(partly.blocked.map((change) => change.address)).toEqual(["aws_cloudwatch_log_group.candidate"]);
    expect(allowed.blocked).toEqual([]);
    // Allowed losses are still shouted about.
    expect(allowed.statefulLosses).toHaveLength(2);
    expect(renderReview(review, "prod")).toContain("**REPLACES stateful aws_db_instance `aws_db_instance.database`**: its data is lost and a new, empty one is created. Blocked");
  });

  it("does not block a deposed leftover's removal, a forget, an untouched state bucket or a data read", () => {
    const review = reviewPlan(plan);

    expect(review.statefulLosses.map((change) => change.address)).toEqual(["aws_db_instance.database", "aws_cloudwatch_log_group.candidate"]);
    expect(review.changes.find((change) => change.type === "aws_sqs_queue")).toMatchObject({ kind: "destroy", deposed: true, address: "aws_sqs_queue.dead_letters (deposed 00b4a9e1)" });
    expect(review.counts).toMatchObject({ forget: 1, read: 1, imported: 1, moved: 1 });
  });

  it("warns of every IAM and resource-policy change, of drift made outside Terraform, and lists imports and moves", () => {
    const review = reviewPlan(plan);
    const text = renderReview(review, "prod");

    expect(review.accessChanges.map((change) => `${change.kind} ${change.address}`)).toEqual(["update aws_iam_role_policy.candidate", "create aws_lambda_permission.api"]);
    expect(review.drift.map((change) => change.address)).toEqual(["aws_security_group.database"]);
    expect(text).toContain("**2 access change(s)**");
    expect(text).toContain("**1 resource(s) changed outside Terraform**");
    expect(text).toContain("aws_db_parameter_group.postgres  (imported)");
    expect(text).toContain("module.candidate.aws_lambda_alias.live  (moved from aws_lambda_alias.live)");
    expect(review.changedOutputs).toEqual(["database_endpoint"]);
  });
});

describe("reading the plan", () => {
  it("says so when nothing changes", () => {
    const text = renderReview(reviewPlan(parseTerraformPlan('{"format_version":"1.2","resource_changes":[]}', "empty.json")), "dev");

    expect(text).toContain("No changes: the infrastructure matches the configuration.");
  });

  it.each([
    ["not JSON", "\u0000\u0001tfplan", /bad\.json: not JSON .*not the binary plan file/],
    ["not a plan", '{"resources":[]}', /bad\.json: no format_version: not the output of `terraform show -json <planfile>`/],
    ["a state", '{"format_version":"1.0","values":{"root_module":{}}}', /bad\.json: a state, not a plan/],
    ["a newer major format", '{"format_version":"2.0","resource_changes":[]}', /bad\.json: format_version: must be 1\.x/],
    ["an unknown action", '{"format_version":"1.2","resource_changes":[{"address":"a.b","mode":"managed","type":"a","name":"b","change":{"actions":["explode"]}}]}', /bad\.json: resource_changes\.0\.change\.actions\.0: /],
  ])("refuses %s, naming the file and what is wrong", (_, text, message) => {
    expect(() => parseTerraformPlan(text, "bad.json")).toThrow(PlanFormatError);
    expect(() => parseTerraformPlan(text, "bad.json")).toThrow(message);
  });

  it("reads only the action lists Terraform produces", () => {
    expect(() => kindOf(["update", "create"])).toThrow("unexpected action list [update, create]");
  });
});
