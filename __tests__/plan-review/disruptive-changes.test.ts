/**
 * plan:summary flags in-place changes an existing database's clients feel, on plans written to
 * Terraform's JSON format: the adopted instance's opt-in changes (TLS forced, its groups, its
 * password), and nothing for what adoption changes quietly or for a new instance.
 */
import { renderReview } from "../../plan-review/render-review";
import { reviewPlan } from "../../plan-review/review-plan";
import { parseTerraformPlan } from "../../plan-review/terraform-plan";

const INSTANCE = {
  identifier: "huntaze-prod",
  parameter_group_name: "default.postgres17",
  vpc_security_group_ids: ["sg-0a1b2c3d4e5f60031"],
  manage_master_user_password: null,
  performance_insights_enabled: false,
  deletion_protection: false,
};
const GROUP_PARAMETERS = [{ name: "shared_preload_libraries", value: "pg_stat_statements", apply_method: "pending-reboot" }];

function change(type: string, name: string, actions: string[], before: unknown, after: unknown, afterUnknown: unknown = {}) {
  return { address: `${type}.${name}`, mode: "managed", type, name, change: { actions, before, after, after_unknown: afterUnknown } };
}

/** The adoption's first plan: the instance updated, a new parameter group created for it. */
function adoptionPlan(instanceAfter: Record<string, unknown>, groupParameters: unknown[], groupActions = ["create"], groupBefore: unknown = null) {
  const plan = {
    format_version: "1.2",
    resource_changes: [
      change("aws_db_parameter_group", "database_parameters", groupActions, groupBefore, { name: "huntaze-prod-postgres17", parameter: groupParameters }),
      change("aws_db_instance", "database", ["update"], INSTANCE, { ...INSTANCE, parameter_group_name: "huntaze-prod-postgres17", performance_insights_enabled: true, deletion_protection: true, ...instanceAfter }),
    ],
  };
  return reviewPlan(parseTerraformPlan(JSON.stringify(plan), "adoption.json"));
}

describe("disruptive changes to an existing database", () => {
  it("flags nothing where adoption changes only what its clients do not feel", () => {
    const review = adoptionPlan({}, GROUP_PARAMETERS);

    expect(review.disruptive).toEqual([]);
    expect(renderReview(review, "prod")).not.toContain("disruptive");
  });

  it("flags TLS forced by the parameter group the instance moves to, naming the group", () => {
    const review = adoptionPlan({}, [...GROUP_PARAMETERS, { name: "rds.force_ssl", value: "1" }]);

    expect(review.disruptive).toEqual([
      { address: "aws_db_instance.database", attribute: "rds.force_ssl (aws_db_parameter_group.database_parameters)", effect: "TLS is forced: clients connecting without it are refused" },
    ]);
    expect(renderReview(review, "prod")).toContain("> **1 disruptive change(s) to existing databases**");
  });

  it("flags TLS forced by a change to the group the instance already has, and not a group that forced it already", () => {
    const forced = [...GROUP_PARAMETERS, { name: "rds.force_ssl", value: "1" }];
    const stay = { parameter_group_name: "huntaze-prod-postgres17" };
    const before = { ...INSTANCE, ...stay };
    const plan = (groupBefore: unknown) => ({
      format_version: "1.2",
      resource_changes: [
        change("aws_db_parameter_group", "database_parameters", ["update"], groupBefore, { name: "huntaze-prod-postgres17", parameter: forced }),
        change("aws_db_instance", "database", ["update"], before, { ...before, deletion_protection: true }),
      ],
    });

    expect(reviewPlan(parseTerraformPlan(JSON.stringify(plan({ name: "huntaze-prod-postgres17", parameter: GROUP_PARAMETERS })), "p")).disruptive.map((found) => found.attribute)).toEqual([
      "rds.force_ssl (aws_db_parameter_group.database_parameters)",
    ]);
    expect(reviewPlan(parseTerraformPlan(JSON.stringify(plan({ name: "huntaze-prod-postgres17", parameter: forced })), "p")).disruptive).toEqual([]);
  });

  it("flags TLS forced by the group the instance already has, changed in place, while the instance plans no change", () => {
    // The group keeps its name, so the instance's parameter_group_name stays and Terraform plans
    // the instance as a no-op (the shape the real plan in __tests__/terraform-check/stacks.test.ts has).
    const stay = { ...INSTANCE, parameter_group_name: "huntaze-prod-postgres17" };
    const group = (parameter: unknown[]) => ({ name: "huntaze-prod-postgres17", description: "huntaze-prod: pg_stat_statements, slow statements logged", parameter });
    const plan = {
      format_version: "1.2",
      resource_changes: [
        change("aws_db_parameter_group", "database_parameters", ["update"], group(GROUP_PARAMETERS), group([...GROUP_PARAMETERS, { name: "rds.force_ssl", value: "1" }])),
        change("aws_db_instance", "database", ["no-op"], stay, stay),
      ],
    };
    const review = reviewPlan(parseTerraformPlan(JSON.stringify(plan), "p"));

    expect(review.disruptive).toEqual([
      { address: "aws_db_instance.database", attribute: "rds.force_ssl (aws_db_parameter_group.database_parameters)", effect: "TLS is forced: clients connecting without it are refused" },
    ]);
    expect(renderReview(review, "prod")).toContain("> - `aws_db_instance.database` rds.force_ssl (aws_db_parameter_group.database_parameters): TLS is forced");
  });

  it("flags the password taken over, and the instance's security groups only where it leaves one, naming it", () => {
    const gainsOne = adoptionPlan({ vpc_security_group_ids: ["sg-0a1b2c3d4e5f60031", "sg-new"], manage_master_user_password: true }, GROUP_PARAMETERS);
    const swapsOne = adoptionPlan({ vpc_security_group_ids: ["sg-new"] }, GROUP_PARAMETERS);

    expect(gainsOne.disruptive.map((found) => found.attribute)).toEqual(["manage_master_user_password"]);
    expect(renderReview(gainsOne, "prod")).toContain("> - `aws_db_instance.database` manage_master_user_password: RDS replaces the master password");
    expect(swapsOne.disruptive).toEqual([
      { address: "aws_db_instance.database", attribute: "vpc_security_group_ids", effect: "it leaves security group(s) sg-0a1b2c3d4e5f60031: clients admitted only by them are cut off" },
    ]);
  });

  it("flags security groups known only after apply (a group created in the same apply), naming the groups it has now", () => {
    const plan = { format_version: "1.2", resource_changes: [change("aws_db_instance", "database", ["update"], INSTANCE, { ...INSTANCE, vpc_security_group_ids: null }, { vpc_security_group_ids: true })] };

    expect(reviewPlan(parseTerraformPlan(JSON.stringify(plan), "p")).disruptive).toEqual([
      {
        address: "aws_db_instance.database",
        attribute: "vpc_security_group_ids",
        effect:
          "its security groups are known only at apply: clients admitted only by a group it has now (sg-0a1b2c3d4e5f60031) and not after are cut off; check the config keeps each of them",
      },
    ]);
  });

  it("judges a set known only in part by its known groups: one left is flagged, one kept beside a new one is not", () => {
    // The shape Terraform gives a set with one element unknown: the known ids in `after`, and a list in after_unknown.
    const partlyKnown = (after: unknown[], afterUnknown: unknown[]) =>
      reviewPlan(
        parseTerraformPlan(
          JSON.stringify({
            format_version: "1.2",
            resource_changes: [change("aws_db_instance", "database", ["update"], INSTANCE, { ...INSTANCE, vpc_security_group_ids: after }, { vpc_security_group_ids: afterUnknown })],
          }),
          "p",
        ),
      ).disruptive;

    expect(partlyKnown(["sg-0a1b2c3d4e5f60031", null], [false, true])).toEqual([]);
    expect(partlyKnown(["sg-other", null], [false, true])).toEqual([
      { address: "aws_db_instance.database", attribute: "vpc_security_group_ids", effect: "it leaves security group(s) sg-0a1b2c3d4e5f60031: clients admitted only by them are cut off" },
    ]);
  });

  it("flags nothing for a new instance: it has no clients yet", () => {
    const plan = {
      format_version: "1.2",
      resource_changes: [
        change("aws_db_parameter_group", "database_parameters", ["create"], null, { name: "huntaze-read-path-postgres17", parameter: [{ name: "rds.force_ssl", value: "1" }] }),
        change("aws_db_instance", "database", ["create"], null, { ...INSTANCE, parameter_group_name: "huntaze-read-path-postgres17", manage_master_user_password: true }),
      ],
    };

    expect(reviewPlan(parseTerraformPlan(JSON.stringify(plan), "p")).disruptive).toEqual([]);
  });
});
