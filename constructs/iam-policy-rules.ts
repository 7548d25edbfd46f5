import type { TextRule } from "./text-rule";

/**
 * The rules on a policy statement a caller grants (CanaryFunctionProps.permissions), in one place:
 * checked by the constructs (iam-policy.ts's assertExactActions) and by the canary-function
 * module's `permissions` input (module-builder/definitions/canary-function.ts).
 */
export const POLICY_STATEMENT_RULES = {
  /** IAM's rule for a statement id. */
  sid: { pattern: "^[A-Za-z0-9]+$", must: "be letters and digits only (IAM's rule)" },
  /** Exact actions only: a wildcard would widen the grant by itself as the service adds actions. */
  action: { pattern: "^[a-z0-9-]+:[A-Za-z0-9]+$", must: 'name exact actions like "sqs:SendMessage"' },
} as const satisfies Record<string, TextRule>;
