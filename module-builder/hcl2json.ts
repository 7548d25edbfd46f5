/**
 * HashiCorp's HCL parser as a wasm build (@cdktf/hcl2json): HCL in, Terraform JSON out, with every
 * expression as a `${…}` string and every block as a list.
 *
 * Loaded untyped: its declarations reference the DOM library, whose `Headers` would then shadow
 * Node's for the whole type check.
 */
export const hcl2json = require("@cdktf/hcl2json") as {
  parse(fileName: string, contents: string): Promise<Record<string, any>>;
  getReferencesInExpression(fileName: string, expression: string): Promise<{ value: string }[]>;
};
