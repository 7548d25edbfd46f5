/**
 * The environment variables the canary deploy command reads. Those Terraform's local-exec sets
 * (constructs/canary-deployment.ts) are the contract in contracts/canary-deploy-inputs.ts; the rest
 * are set by whoever runs the apply, or are tuning with defaults.
 */
export {
  AFTER_HOOK_VARIABLE,
  DEPLOY_VARIABLES,
  HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE,
  HOOK_VARIABLE,
  MAX_WAIT_VARIABLE,
  MIGRATION_FUNCTION_VARIABLE,
} from "../contracts/canary-deploy-inputs";
/**
 * Set by whoever runs the apply, never by Terraform: `<function>:<version>` deploys that version
 * again although an earlier canary of it rolled back (see canary-deploy.ts, "After a rollback").
 */
export const REDEPLOY_VARIABLE = "CANARY_REDEPLOY_ROLLED_BACK";
/** Optional: how long to wait for the group's alarms to leave ALARM before starting, in seconds. */
export const ALARM_SETTLE_VARIABLE = "CANARY_ALARM_SETTLE_SECONDS";
/** Optional: first polling interval, in seconds. */
export const POLL_VARIABLE = "CANARY_POLL_SECONDS";
