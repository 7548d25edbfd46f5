import { Token } from "cdktf";

/**
 * Whether a prop's value is known when the construct is built, rather than a reference Terraform
 * resolves at plan (a module's input, another resource's attribute). A construct checks the values
 * it knows and leaves the others to where they are known: a module checks its inputs with
 * `validation` blocks.
 */
export function knownAtSynth(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

/**
 * A number as text in an attribute: `String(n)` when known, else a reference Terraform converts at
 * plan. (`String()` of a reference would write its placeholder; `Token.asString()` of a known
 * number would write a JSON number where the attribute is a string.)
 */
export function numberText(value: number): string {
  return knownAtSynth(value) ? String(value) : Token.asString(value);
}
