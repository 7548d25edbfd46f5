/**
 * The environment variables the canary deploy command reads: Terraform's local-exec sets them
 * (constructs/canary-deployment.ts) and the command checks them (canary-deploy-cli.ts).
 */
export const DEPLOY_VARIABLES = {
  applicationName: "CANARY_APPLICATION",
  deploymentGroupName: "CANARY_DEPLOYMENT_GROUP",
  functionName: "CANARY_FUNCTION",
  aliasName: "CANARY_ALIAS",
  targetVersion: "CANARY_TARGET_VERSION",
} as const;
/** Optional: a function CodeDeploy invokes before shifting traffic (BeforeAllowTraffic). */
export const HOOK_VARIABLE = "CANARY_BEFORE_ALLOW_TRAFFIC_HOOK";
/** Optional: a function the deploy invokes and awaits first, to migrate the database (db-migrator's qualified ARN). */
export const MIGRATION_FUNCTION_VARIABLE = "CANARY_MIGRATION_FUNCTION";
/** Optional: a function CodeDeploy invokes once all traffic is shifted, to bake the version (AfterAllowTraffic). */
export const AFTER_HOOK_VARIABLE = "CANARY_AFTER_ALLOW_TRAFFIC_HOOK";
/**
 * Set by whoever runs the apply, never by Terraform: `<function>:<version>` deploys that version
 * again although an earlier canary of it rolled back (see canary-deploy.ts, "After a rollback").
 */
export const REDEPLOY_VARIABLE = "CANARY_REDEPLOY_ROLLED_BACK";
/** Optional: how long to wait for the group's alarms to leave ALARM before starting, in seconds. */
export const ALARM_SETTLE_VARIABLE = "CANARY_ALARM_SETTLE_SECONDS";
/** Optional: seconds to wait for the outcome. */
export const MAX_WAIT_VARIABLE = "CANARY_MAX_WAIT_SECONDS";
/** Optional: first polling interval, in seconds. */
export const POLL_VARIABLE = "CANARY_POLL_SECONDS";
