import { TerraformOutput, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { StableIdStack } from "../constructs/stable-id-stack";
import { NamingScope, PRIMARY_RESOURCE_ID, toTerraformIdentifier } from "../constructs/naming-scope";

/** A rule on an input, checked by Terraform at plan: an HCL expression over `var.<name>`. */
export interface InputValidation {
  readonly condition: string;
  readonly errorMessage: string;
}

export interface ModuleInput {
  /** A Terraform type constraint: `string`, `number`, `list(string)`, `object({ … })`. */
  readonly type: string;
  readonly description: string;
  /** @default - none: the input is required */
  readonly default?: unknown;
  readonly validation?: readonly InputValidation[];
  /** @default false */
  readonly sensitive?: boolean;
}

export interface ModuleOutputSpec {
  readonly value: unknown;
  readonly description: string;
  /** @default false */
  readonly sensitive?: boolean;
}

const INPUT_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The stack a module definition builds into: its variables are the module's inputs, its outputs
 * the module's outputs, and it has no provider, backend or account of its own (the caller's
 * provider configures it, as Terraform expects of a module). Every input and output must be
 * described; outputs take the module's name as prefix, so callers can tell them apart.
 */
export class ModuleStack extends StableIdStack {
  /** The prefix of every output: the module's name in Terraform's identifier style. */
  public readonly outputPrefix: string;
  private callerIdentity?: DataAwsCallerIdentity;
  private currentPartition?: DataAwsPartition;
  private currentRegion?: DataAwsRegion;

  constructor(scope: Construct, public readonly moduleName: string) {
    super(scope, moduleName);
    this.outputPrefix = `${toTerraformIdentifier(moduleName)}_`;
  }

  public input(name: string, spec: ModuleInput): TerraformVariable {
    if (!INPUT_NAME.test(name)) throw new Error(`${this.moduleName}: input name must be snake_case, got "${name}"`);
    if (spec.description.trim().length === 0) throw new Error(`${this.moduleName}: input ${name} needs a description`);
    // renderModule writes the default itself: cdktf's renderer drops falsy ones and guesses types.
    return new TerraformVariable(this, name, {
      type: spec.type,
      description: spec.description,
      default: spec.default,
      sensitive: spec.sensitive,
      // The HCL expression as written: renderModule writes it as it is.
      validation: spec.validation?.map((rule) => ({ condition: rule.condition, errorMessage: rule.errorMessage })),
    });
  }

  public output(name: string, spec: ModuleOutputSpec): TerraformOutput {
    if (!name.startsWith(this.outputPrefix)) {
      throw new Error(`${this.moduleName}: output ${name} must start with "${this.outputPrefix}"`);
    }
    if (spec.description.trim().length === 0) throw new Error(`${this.moduleName}: output ${name} needs a description`);
    return new TerraformOutput(this, name, { value: spec.value, description: spec.description, sensitive: spec.sensitive });
  }

  /** The caller's account (`data.aws_caller_identity.current`), for key policies and ARNs. */
  public get accountId(): string {
    this.callerIdentity ??= new DataAwsCallerIdentity(this.current("caller-identity"), PRIMARY_RESOURCE_ID, {});
    return this.callerIdentity.accountId;
  }

  /** The caller's partition (`data.aws_partition.current`), for ARNs. */
  public get partition(): string {
    this.currentPartition ??= new DataAwsPartition(this.current("partition"), PRIMARY_RESOURCE_ID, {});
    return this.currentPartition.partition;
  }

  /** The caller's provider's region (`data.aws_region.current`), for ARNs. */
  public get region(): string {
    this.currentRegion ??= new DataAwsRegion(this.current("region"), PRIMARY_RESOURCE_ID, {});
    return this.currentRegion.region;
  }

  /** A scope whose element is addressed `<type>.current`, as Terraform authors name these lookups. */
  private current(id: string): NamingScope {
    return new NamingScope(this, id, { name: "current" });
  }
}
