/**
 * The inputs of the flag's two deploy steps (deploy/flag-rollout-command.ts), as environment
 * variables: ReadPathFlag's local-exec sets them, the bundled deploy command checks them. Plain
 * data, so the constructs name them without loading the command.
 */
/** Which step the deploy command runs: one of FLAG_STEPS; absent, the canary deploy. */
export const DEPLOY_STEP_VARIABLE = "DEPLOY_STEP";
export const FLAG_STEPS = { preflight: "flag-preflight", rollout: "flag-rollout" } as const;
export const FLAG_VARIABLES = {
  applicationId: "FLAG_APPLICATION_ID",
  environmentId: "FLAG_ENVIRONMENT_ID",
} as const;
/** The rollout step's: the deployment to wait for (aws_appconfig_deployment.deployment_number). */
export const FLAG_DEPLOYMENT_NUMBER_VARIABLE = "FLAG_DEPLOYMENT_NUMBER";
/** Optional: how long the rollout step waits, in seconds. */
export const FLAG_MAX_WAIT_VARIABLE = "FLAG_MAX_WAIT_SECONDS";
/** Optional: seconds between looks at the deployment. */
export const FLAG_POLL_VARIABLE = "FLAG_POLL_SECONDS";
