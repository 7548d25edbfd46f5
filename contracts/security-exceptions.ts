/**
 * Where a construct records a deliberate exception to the security baseline, and where the baseline
 * check (security/baseline.ts) and the module renderer (module-builder/render-module.ts) read it:
 * the `//` comment key of the resource's synthesized JSON, which Terraform ignores. Plain data.
 */
export const EXCEPTIONS_KEY = "security_exceptions";
