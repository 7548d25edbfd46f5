/**
 * The inputs of the canary deploy command (deploy/canary-deploy-cli.ts), as environment variables:
 * the CanaryDeployment construct's local-exec sets them on every apply that publishes a version,
 * and the command checks them. Plain data, so the constructs name them without loading the command.
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
/**
 * Optional, "true" or "false" (the default): before creating the deployment, invoke the target
 * version with GET /health and deploy it only on a 200. For a function with no BeforeAllowTraffic hook.
 */
export const HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE = "CANARY_HEALTH_CHECK_BEFORE_TRAFFIC";
/** Optional: a function CodeDeploy invokes once all traffic is shifted, to bake the version (AfterAllowTraffic). */
export const AFTER_HOOK_VARIABLE = "CANARY_AFTER_ALLOW_TRAFFIC_HOOK";
/** Optional: seconds to wait for the outcome. */
export const MAX_WAIT_VARIABLE = "CANARY_MAX_WAIT_SECONDS";
