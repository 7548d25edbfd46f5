import type { InputValidation } from "../module-stack";

/**
 * The rule most AWS names follow: 1 to `maxLength` letters, digits, hyphens or underscores.
 * `why` explains a bound tighter than the service's own ("(room is left for …)").
 */
export function nameRule(input: string, maxLength: number, why?: string): InputValidation {
  return {
    condition: `can(regex("^[A-Za-z0-9_-]{1,${maxLength}}$", var.${input}))`,
    errorMessage: `${input} must be 1-${maxLength} letters, digits, hyphens or underscores${why ? ` ${why}` : ""}.`,
  };
}
