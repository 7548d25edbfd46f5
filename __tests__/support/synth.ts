import { Testing, type TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { StableIdStack } from "../../constructs/stable-id-stack";

/** A synthesized stack as Terraform JSON, with cdktf's validations run as `cdktf synth` would. */
export interface TerraformJson {
  readonly terraform: { backend?: Record<string, Record<string, unknown>>; [key: string]: unknown };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly [key: string]: unknown;
}

export function synthesize(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack, true)) as TerraformJson;
}

/**
 * The stack as `cdktf synth` writes it, `//` metadata included (Testing.synth drops it): what
 * the security baseline reads, since accepted exceptions are recorded there.
 */
export function synthesizeWithMetadata(stack: TerraformStack): TerraformJson {
  stack.runAllValidations();
  return JSON.parse(JSON.stringify(stack.toTerraform())) as TerraformJson;
}

/** `aws_s3_bucket.terraform_state`, … for every resource and data source in the stack. */
export function addresses(json: TerraformJson): string[] {
  const resources = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
  const data = Object.entries(json.data ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `data.${type}.${name}`),
  );
  return [...resources, ...data].sort();
}

/** The only resource of a type, failing when there are none or several. */
export function onlyResource(json: TerraformJson, type: string): Record<string, unknown> {
  const resources = Object.values(json.resource?.[type] ?? {});
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0];
}

/** An empty stack with an AWS provider, so that cdktf's validations pass for AWS resources. */
export function stackWithAwsProvider(id = "stack"): StableIdStack {
  const stack = new StableIdStack(Testing.app(), id);
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}
