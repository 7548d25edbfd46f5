import { Construct, type IConstruct } from "constructs";

/** The child id that takes its naming scope's name alone, with no suffix (as in AWS CDK's `node.defaultChild`). */
export const PRIMARY_RESOURCE_ID = "Resource";

/** Props every NamingScope takes. */
export interface NamingScopeProps {
  /**
   * Names this scope's Terraform resources: a child with id `Resource` is addressed as
   * `<type>.<name>`, any other child as `<type>.<name>_<child id>` (dashes become underscores).
   * It does not depend on where the scope sits in the construct tree.
   */
  readonly name: string;
}

const NAMING_SCOPE = Symbol.for("huntaze.NamingScope");
const TERRAFORM_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * A construct whose Terraform elements get readable addresses that survive refactoring.
 *
 * cdktf's own ids join every construct id on the path and add a hash (`api_handler_role_1A2B3C4D`),
 * so wrapping a construct in another renames, and thus replaces, every resource in it.
 * Here the address comes from the scope's `name` and the child's id only.
 * A `StableIdStack` applies the rule.
 *
 * @example
 * class Queue extends NamingScope {
 *   constructor(scope: Construct, id: string, props: { name: string }) {
 *     super(scope, id, props);
 *     new SqsQueue(this, PRIMARY_RESOURCE_ID, {}); // aws_sqs_queue.<name>
 *     new SqsQueuePolicy(this, "policy", {});      // aws_sqs_queue_policy.<name>_policy
 *   }
 * }
 */
export class NamingScope extends Construct {
  public static isNamingScope(construct: IConstruct): construct is NamingScope {
    return NAMING_SCOPE in construct;
  }

  /** The name given in props, in Terraform's identifier style (`prisma_read`). */
  public readonly logicalName: string;

  constructor(scope: Construct, id: string, props: NamingScopeProps) {
    super(scope, id);
    if (!TERRAFORM_NAME.test(props.name)) {
      throw new Error(
        `${this.node.path}: name must start with a lower-case letter and use only a-z, 0-9 and '-', got "${props.name}"`,
      );
    }
    Object.defineProperty(this, NAMING_SCOPE, { value: true });
    this.logicalName = toTerraformIdentifier(props.name);
  }
}

export function toTerraformIdentifier(name: string): string {
  return name.replace(/-/g, "_");
}
