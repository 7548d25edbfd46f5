import { hcl2json } from "../../module-builder/hcl2json";

/** HCL parsed by HashiCorp's own parser (hcl2json, a wasm build of hcl): Terraform JSON, with every block as a list. */
export function parseHcl(fileName: string, hcl: string): Promise<Record<string, any>> {
  return hcl2json.parse(fileName, hcl);
}

// Attributes that hold addresses: JSON writes them as plain strings, hcl2json as `${…}`.
const ADDRESSES = new Set(["depends_on", "ignore_changes", "to", "from"]);
const bareAddress = (address: unknown) => String(address).replace(/^\$\{(.*)\}$/, "$1");

/**
 * Terraform JSON as cdktf writes it and as hcl2json reads HCL, brought to one form: blocks written
 * once are objects (hcl2json makes every block a list), scalars are strings (`3600` and `"3600"`
 * mean the same to a string attribute), addresses in depends_on are bare, cdktf's `//` comments go.
 */
export function comparableTerraform(value: unknown, key = ""): unknown {
  if (ADDRESSES.has(key)) return Array.isArray(value) ? value.map(bareAddress) : bareAddress(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => comparableTerraform(item));
    const single = items.length === 1 && items[0] !== null && typeof items[0] === "object" && !Array.isArray(items[0]);
    return single ? items[0] : items;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([name]) => name !== "//");
    return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)).map(([name, entry]) => [name, comparableTerraform(entry, name)]));
  }
  return typeof value === "number" || typeof value === "boolean" ? String(value) : value;
}

/**
 * The document a `${jsonencode(…)}` attribute (as hcl2json reads it) encodes, read by HCL's own
 * parser: string literals decoded, references and templates as `${…}` strings, as in Terraform JSON.
 */
export async function jsonencodedDocument(attribute: string): Promise<unknown> {
  const argument = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(attribute);
  if (!argument) throw new Error(`not a jsonencode expression: ${attribute.slice(0, 80)}`);
  const parsed = await parseHcl("document.tf", `locals {\n  document = ${argument[1]}\n}\n`);
  return parsed.locals[0].document;
}
