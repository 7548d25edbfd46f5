import { Fn, Token } from "cdktf";

/**
 * A string literal as it must appear between quotes in an HCL expression. cdktf 0.21 (archived)
 * escapes only newlines and `${` in a literal it writes into a function's arguments, so a `"` ended
 * the string early, a `\` escaped what followed, and a `%{` opened a template directive. Token
 * markers (`${TfToken[TOKEN.1]}`) hold none of the three, so the references stay as they are.
 */
function asHclLiteral(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%\{/g, "%%{");
}

function withHclLiterals(value: unknown): unknown {
  if (typeof value === "string") return asHclLiteral(value);
  // A list Terraform knows only at plan is one encoded marker: it stays a list token.
  if (Array.isArray(value)) return Token.isUnresolved(value) ? value : value.map(withHclLiterals);
  // A reference or function call (an IResolvable) is rendered by cdktf itself.
  if (value === null || typeof value !== "object" || Token.isUnresolved(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [asHclLiteral(key), withHclLiterals(entry)]));
}

/**
 * `jsonencode(value)` as a Terraform expression, for a document that holds values Terraform knows
 * only at plan (a module's inputs). Unlike `Fn.jsonencode`, it keeps strings that hold quotes,
 * backslashes or `%{` intact (a CloudWatch SEARCH expression, a JSON template).
 */
export function jsonencode(value: unknown): string {
  return Fn.jsonencode(withHclLiterals(value));
}
