import { TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import type { Construct, IConstruct, Node } from "constructs";
import { NamingScope, PRIMARY_RESOURCE_ID, toTerraformIdentifier } from "./naming-scope";
import { removeTerraformBinaryProbes, requireTerraformVersion } from "./terraform-version";

/**
 * The id of a construct in Terraform output, from its nearest `NamingScope` and its own id, or from
 * its own id alone when it sits directly in the stack. Covers elements (their address) and assets
 * (their folder under `assets/`, which becomes a resource's `filename`). Exported so that any cdktf
 * stack can adopt the rule.
 *
 * A construct nested in a plain construct has no stable name (it would depend on the path), so it
 * is refused rather than given a hashed one.
 */
export function stableLogicalId(node: Node, stack: TerraformStack): string {
  const ancestors = node.scopes.slice(stack.node.scopes.length, -1);
  if (ancestors.length === 0) return toTerraformIdentifier(node.id);

  const scope = [...ancestors].reverse().find(NamingScope.isNamingScope);
  if (!scope) {
    throw new Error(
      `${node.path}: a Terraform element nested in a construct must be inside a NamingScope, ` +
        `so that its address does not depend on the construct tree`,
    );
  }
  if (node.id === PRIMARY_RESOURCE_ID) return scope.logicalName;
  return `${scope.logicalName}_${toTerraformIdentifier(node.id)}`;
}

/** Resources of different types may share a name; two of one type may not. */
function addressKind(element: TerraformElement): string {
  if (element instanceof TerraformResource) return `resource ${element.terraformResourceType}`;
  if (element instanceof TerraformDataSource) return `data ${element.terraformResourceType}`;
  return element.constructor.name;
}

/**
 * A stack whose resource addresses and asset paths are readable and independent of the construct
 * tree (see `NamingScope`), and which refuses two elements with the same address: Terraform JSON
 * would silently merge them into one.
 *
 * It synthesizes without a Terraform binary: the Terraform version it needs is declared in its
 * `terraform` block instead of probed at synth (see terraform-version.ts).
 */
export class StableIdStack extends TerraformStack {
  private readonly allocatedIds = new Map<string, IConstruct>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    requireTerraformVersion(this);
  }

  public override runAllValidations(): void {
    removeTerraformBinaryProbes(this);
    super.runAllValidations();
  }

  protected override allocateLogicalId(target: TerraformElement | Node): string {
    if (!TerraformElement.isTerraformElement(target)) return stableLogicalId(target, this);
    const logicalId = stableLogicalId(target.node, this);
    const address = `${addressKind(target)} "${logicalId}"`;
    const holder = this.allocatedIds.get(address);
    if (holder && holder !== target) {
      throw new Error(`${target.node.path}: ${address} is already used by ${holder.node.path}`);
    }
    this.allocatedIds.set(address, target);
    return logicalId;
  }
}
