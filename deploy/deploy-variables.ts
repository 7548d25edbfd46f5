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
/** Optional: seconds to wait for the outcome. */
export const MAX_WAIT_VARIABLE = "CANARY_MAX_WAIT_SECONDS";
/** Optional: first polling interval, in seconds. */
export const POLL_VARIABLE = "CANARY_POLL_SECONDS";
