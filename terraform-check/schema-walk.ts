import type { CtyType, SchemaAttribute, SchemaBlock } from "./terraform-json";

/** Where a value sits in a provider schema: a block, a list/set or map of blocks, or a typed value. */
export type SchemaNode =
  | { readonly kind: "block"; readonly block: SchemaBlock }
  | { readonly kind: "blocks"; readonly block: SchemaBlock; readonly keyed: boolean }
  | { readonly kind: "type"; readonly type: CtyType };

/** A nested attribute (protocol 6 `nested_type`) as the cty type of its value. */
function nestedType(attribute: SchemaAttribute): CtyType {
  if (attribute.type !== undefined) return attribute.type;
  const nested = attribute.nested_type!;
  const object: CtyType = ["object", Object.fromEntries(Object.entries(nested.attributes).map(([name, inner]) => [name, nestedType(inner)]))];
  return nested.nesting_mode === "single" ? object : [nested.nesting_mode, object];
}

/** The schema of a value's child at `key` (an attribute, a block, an element); "dynamic" past what the schema says. */
export function childNode(node: SchemaNode, key: string | number): SchemaNode {
  if (node.kind === "blocks") return { kind: "block", block: node.block };
  if (node.kind === "block") {
    const attribute = node.block.attributes?.[key];
    if (attribute) return { kind: "type", type: nestedType(attribute) };
    const blockType = node.block.block_types?.[key];
    if (!blockType) return { kind: "type", type: "dynamic" };
    if (blockType.nesting_mode === "single" || blockType.nesting_mode === "group") return { kind: "block", block: blockType.block };
    return { kind: "blocks", block: blockType.block, keyed: blockType.nesting_mode === "map" };
  }
  const type = node.type;
  if (!Array.isArray(type)) return { kind: "type", type: "dynamic" };
  const [kind, inner] = type;
  if (kind === "list" || kind === "set" || kind === "map") return { kind: "type", type: inner as CtyType };
  if (kind === "tuple") return { kind: "type", type: (inner as CtyType[])[Number(key)] ?? "dynamic" };
  if (kind === "object") return { kind: "type", type: (inner as Record<string, CtyType>)[key] ?? "dynamic" };
  return { kind: "type", type: "dynamic" };
}

/** True when values at this node are indexed by string keys (maps), not attribute names. */
export function isMap(node: SchemaNode): boolean {
  if (node.kind === "blocks") return node.keyed;
  return node.kind === "type" && Array.isArray(node.type) && node.type[0] === "map";
}

/** The cty type Terraform gives a JSON value where the schema says "dynamic" (as in an HCL literal). */
export function impliedType(value: unknown): CtyType {
  if (value === null || value === undefined) return "dynamic";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(impliedType)];
  return ["object", Object.fromEntries(Object.entries(value as object).map(([key, inner]) => [key, impliedType(inner)]))];
}
