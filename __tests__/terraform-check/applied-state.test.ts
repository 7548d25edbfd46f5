/**
 * The state an apply would leave, built from a plan (terraform-check/applied-state.ts), on small
 * plans written to Terraform's JSON format: stand-ins typed by the schema, references resolved as
 * Terraform resolves them, and a value the first plan knew never taken from a later plan.
 */
import { AppliedState } from "../../terraform-check/applied-state";
import type { PlanJson, ProviderSchemas } from "../../terraform-check/terraform-json";

const AWS = "registry.terraform.io/hashicorp/aws";
const SCHEMAS: ProviderSchemas = {
  provider_schemas: {
    [AWS]: {
      resource_schemas: {
        aws_iam_role: { version: 0, block: { attributes: { id: { type: "string" }, arn: { type: "string" }, name: { type: "string" }, tags: { type: ["map", "string"] } } } },
        aws_lambda_function: {
          version: 0,
          block: {
            attributes: { id: { type: "string" }, arn: { type: "string" }, role: { type: "string" }, version: { type: "string" }, memory_size: { type: "number" }, note: { type: "string" } },
            block_types: { dead_letter_config: { nesting_mode: "list", block: { attributes: { target_arn: { type: "string" } } } } },
          },
        },
      },
    },
    "terraform.io/builtin/terraform": { resource_schemas: { terraform_data: { version: 0, block: { attributes: { id: { type: "string" }, triggers_replace: { type: "dynamic" } } } } } },
  },
};
const SCOPE = { accountId: "111122223333", region: "eu-west-1" };

function create(type: string, name: string, after: object, afterUnknown: object, provider = AWS) {
  return { address: `${type}.${name}`, mode: "managed" as const, type, name, provider_name: provider, change: { actions: ["create"], before: null, after, after_unknown: afterUnknown, after_sensitive: {} } };
}

const FIRST_PLAN: PlanJson = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  resource_changes: [
    create("aws_iam_role", "exec", { name: "fn-exec", tags: { team: "read" } }, { id: true, arn: true }),
    create("aws_lambda_function", "fn", { memory_size: 256, note: "kept", dead_letter_config: [{}] }, { id: true, arn: true, role: true, version: true, dead_letter_config: [{ target_arn: true }] }),
    create("terraform_data", "deploy", { triggers_replace: {} }, { id: true, triggers_replace: { published_version: true } }, "terraform.io/builtin/terraform"),
  ],
  output_changes: { role_arn: { actions: ["create"], after_unknown: true } },
};
const CONFIGURATION = {
  resource: {
    aws_lambda_function: { fn: { role: "${aws_iam_role.exec.arn}", dead_letter_config: { target_arn: "${aws_iam_role.exec.arn}:dead" } } },
    terraform_data: { deploy: { triggers_replace: { published_version: "${aws_lambda_function.fn.version}" } } },
  },
  output: { role_arn: { value: "${aws_iam_role.exec.arn}" } },
};

function stateFile(state: AppliedState): any {
  return state.toStateFile("1.11.4", 1);
}
const attributesOf = (file: any, type: string) => file.resources.find((resource: any) => resource.type === type).instances[0].attributes;

describe("the state an apply would leave (terraform-check/applied-state.ts)", () => {
  it("fills what only AWS knows with stable stand-ins of the schema's types, in ARNs of the resource's shape", () => {
    const file = stateFile(AppliedState.fromFirstPlan(FIRST_PLAN, SCHEMAS, SCOPE));
    const role = attributesOf(file, "aws_iam_role");

    expect(role.arn).toBe("arn:aws:iam::111122223333:role/fn-exec");
    expect(role.id).toMatch(/^id-[0-9a-f]{12}$/);
    expect(role.tags).toEqual({ team: "read" });
    expect(attributesOf(file, "aws_lambda_function").version).toBe("1");
    expect(stateFile(AppliedState.fromFirstPlan(FIRST_PLAN, SCHEMAS, SCOPE))).toEqual(file);
  });

  it("resolves references and templates of references to the referenced values, chains included, typed as the attribute", () => {
    const state = AppliedState.fromFirstPlan(FIRST_PLAN, SCHEMAS, SCOPE);

    expect(state.resolveReferences(CONFIGURATION)).toBeGreaterThan(0);
    const file = stateFile(state);
    const fn = attributesOf(file, "aws_lambda_function");
    expect(fn.role).toBe("arn:aws:iam::111122223333:role/fn-exec");
    expect(fn.dead_letter_config).toEqual([{ target_arn: "arn:aws:iam::111122223333:role/fn-exec:dead" }]);
    expect(attributesOf(file, "terraform_data").triggers_replace).toEqual({ value: { published_version: "1" }, type: ["object", { published_version: "string" }] });
    expect(file.outputs.role_arn).toEqual({ value: "arn:aws:iam::111122223333:role/fn-exec", type: "string" });
    expect(state.resolveReferences(CONFIGURATION)).toBe(0);
  });

  it("takes from a later plan only what the first could not know: a known value planned otherwise stays a difference", () => {
    const state = AppliedState.fromFirstPlan(FIRST_PLAN, SCHEMAS, SCOPE);
    const later: PlanJson = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: [
        {
          ...create("aws_lambda_function", "fn", {}, {}),
          change: {
            actions: ["update"],
            before: null,
            after: { memory_size: 512, note: "changed", role: "arn:aws:iam::111122223333:role/resolved", dead_letter_config: [{ target_arn: "arn:x" }] },
            after_unknown: { version: true },
          },
        },
      ],
    };

    expect(state.resolveFrom(later)).toBe(2);
    const fn = attributesOf(stateFile(state), "aws_lambda_function");
    expect([fn.role, fn.dead_letter_config[0].target_arn, fn.version]).toEqual(["arn:aws:iam::111122223333:role/resolved", "arn:x", "1"]);
    expect([fn.memory_size, fn.note]).toEqual([256, "kept"]);
    expect(state.resolveFrom(later)).toBe(0);
  });

  it("writes Terraform's state format 4 with each type's schema version and provider", () => {
    const file = stateFile(AppliedState.fromFirstPlan(FIRST_PLAN, SCHEMAS, SCOPE));

    expect(file).toMatchObject({ version: 4, terraform_version: "1.11.4", serial: 1 });
    expect(file.resources.map((resource: any) => [resource.type, resource.provider, resource.instances[0].schema_version])).toEqual([
      ["aws_iam_role", `provider["${AWS}"]`, 0],
      ["aws_lambda_function", `provider["${AWS}"]`, 0],
      ["terraform_data", 'provider["terraform.io/builtin/terraform"]', 0],
    ]);
  });

  it("builds the state after a plan made against a state: kept and updated resources as planned, replaced ones anew, destroyed ones gone", () => {
    const change = (type: string, name: string, actions: string[], before: object | null, after: object | null, afterUnknown: object = {}) => ({
      address: `${type}.${name}`,
      mode: "managed" as const,
      type,
      name,
      provider_name: type === "terraform_data" ? "terraform.io/builtin/terraform" : AWS,
      change: { actions, before, after, after_unknown: afterUnknown, after_sensitive: {} },
    });
    const plan: PlanJson = {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: [
        change("aws_iam_role", "exec", ["no-op"], { id: "r", arn: "arn:aws:iam::111122223333:role/fn-exec", name: "fn-exec" }, { id: "r", arn: "arn:aws:iam::111122223333:role/fn-exec", name: "fn-exec" }),
        change("aws_lambda_function", "fn", ["update"], { id: "f", memory_size: 256 }, { id: "f", memory_size: 512 }),
        change("terraform_data", "deploy", ["create", "delete"], { id: "old" }, { triggers_replace: {} }, { id: true }),
        change("aws_iam_role", "gone", ["delete"], { id: "g", name: "gone" }, null),
      ],
    };

    expect(() => AppliedState.fromFirstPlan(plan, SCHEMAS, SCOPE)).toThrow("aws_iam_role.exec: the first plan has a state already (no-op)");
    const file = stateFile(AppliedState.afterPlan(plan, SCHEMAS, SCOPE));

    expect(file.resources.map((resource: any) => `${resource.type}.${resource.name}`)).toEqual(["aws_iam_role.exec", "aws_lambda_function.fn", "terraform_data.deploy"]);
    expect(attributesOf(file, "aws_iam_role").arn).toBe("arn:aws:iam::111122223333:role/fn-exec");
    expect(attributesOf(file, "aws_lambda_function").memory_size).toBe(512);
    expect(attributesOf(file, "terraform_data").id).not.toBe("old");
  });
});
