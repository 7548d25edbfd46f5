/**
 * The canary deploy as a command: Terraform's local-exec runs its bundle (one self-contained .mjs,
 * AWS SDK included, so it needs only `node`) after an apply that published a new version.
 *
 * Input comes from environment variables, which local-exec sets without a shell ever parsing them.
 * AWS credentials and region come the SDK's standard way (AWS_REGION, AWS_PROFILE, OIDC web
 * identity…); AWS_ENDPOINT_URL points it elsewhere, as the tests do.
 *
 * With DEPLOY_STEP set, it runs one of the flag's steps instead (flag-rollout-command.ts).
 *
 * Exit codes: 0 deployed or nothing to deploy, 1 the migration, the health check before traffic
 * or the deployment failed or rolled back (or the flag's rollout did, or one is running), 2 bad input.
 */
import { AppConfigClient } from "@aws-sdk/client-appconfig";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import {
  AFTER_HOOK_VARIABLE,
  ALARM_SETTLE_VARIABLE,
  DEPLOY_VARIABLES,
  HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE,
  HOOK_VARIABLE,
  MAX_WAIT_VARIABLE,
  MIGRATION_FUNCTION_VARIABLE,
  POLL_VARIABLE,
  REDEPLOY_VARIABLE,
} from "./deploy-variables";
import { DEPLOY_STEP_VARIABLE } from "../contracts/flag-rollout-inputs";
import { FlagStepUsageError, isFlagStep, runFlagStep } from "./flag-rollout-command";
import { DEFAULT_WAIT, deployAliasByCanary, PUBLISHED_VERSION, type CanaryDeployRequest } from "./canary-deploy";

class UsageError extends Error {}

function readRequest(env: NodeJS.ProcessEnv): CanaryDeployRequest {
  const missing = Object.values(DEPLOY_VARIABLES).filter((variable) => !env[variable]);
  if (missing.length > 0) throw new UsageError(`canary deploy: set ${missing.join(", ")}`);
  const value = (key: keyof typeof DEPLOY_VARIABLES) => env[DEPLOY_VARIABLES[key]]!;
  if (!PUBLISHED_VERSION.test(value("targetVersion"))) {
    throw new UsageError(
      `canary deploy: ${DEPLOY_VARIABLES.targetVersion} must be a published version number, got "${value("targetVersion")}"`,
    );
  }
  return {
    applicationName: value("applicationName"),
    deploymentGroupName: value("deploymentGroupName"),
    functionName: value("functionName"),
    aliasName: value("aliasName"),
    targetVersion: value("targetVersion"),
    beforeAllowTrafficHook: env[HOOK_VARIABLE] || undefined,
    afterAllowTrafficHook: env[AFTER_HOOK_VARIABLE] || undefined,
    migrationFunction: env[MIGRATION_FUNCTION_VARIABLE] || undefined,
    healthCheckBeforeTraffic: switchedOn(env, HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE),
    redeployRolledBack: redeploysThis(env, value("functionName"), value("targetVersion")),
  };
}

/**
 * Whether REDEPLOY_VARIABLE names this function's target version. One apply runs every function's
 * deploy step with the same environment, so the variable names the one version meant.
 */
function redeploysThis(env: NodeJS.ProcessEnv, functionName: string, targetVersion: string): boolean {
  const raw = env[REDEPLOY_VARIABLE];
  if (!raw) return false;
  const named = /^(?<fn>[A-Za-z0-9_-]+):(?<version>[1-9][0-9]*)$/.exec(raw)?.groups;
  if (!named) throw new UsageError(`canary deploy: ${REDEPLOY_VARIABLE} must be <function>:<version>, such as ${functionName}:${targetVersion}; got "${raw}"`);
  return named.fn === functionName && named.version === targetVersion;
}

/** A switch: "true" or "false", unset or empty meaning false; anything else is a mistake worth stopping for. */
function switchedOn(env: NodeJS.ProcessEnv, variable: string): boolean {
  const raw = env[variable];
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  throw new UsageError(`canary deploy: ${variable} must be true or false, got "${raw}"`);
}

function positiveSeconds(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new UsageError(`canary deploy: ${variable} must be a whole number of seconds above 0, got "${raw}"`);
  }
  return seconds;
}

async function main(): Promise<number> {
  // The same bundle runs the flag's steps (deploy/flag-rollout-command.ts): one asset per stack.
  const step = process.env[DEPLOY_STEP_VARIABLE];
  // An operator reading CI's log learns first which step failed: the canary, or one of the flag's.
  const failedStep = step ? `${step} failed` : "canary deploy failed";
  try {
    if (step) {
      if (!isFlagStep(step)) throw new UsageError(`deploy: ${DEPLOY_STEP_VARIABLE} must be flag-preflight or flag-rollout, or unset for the canary; got "${step}"`);
      await runFlagStep(step, process.env, new AppConfigClient({}), console.log);
      return 0;
    }
    const request = readRequest(process.env);
    const maxWaitSeconds = positiveSeconds(process.env, MAX_WAIT_VARIABLE, DEFAULT_WAIT.maxWaitSeconds);
    const pollSeconds = positiveSeconds(process.env, POLL_VARIABLE, DEFAULT_WAIT.minPollSeconds);
    const alarmSettleSeconds = positiveSeconds(process.env, ALARM_SETTLE_VARIABLE, DEFAULT_WAIT.alarmSettleSeconds);
    await deployAliasByCanary(
      request,
      { codeDeploy: new CodeDeployClient({}), lambda: new LambdaClient({}), cloudWatch: new CloudWatchClient({}) },
      { maxWaitSeconds, minPollSeconds: pollSeconds, maxPollSeconds: Math.max(pollSeconds, DEFAULT_WAIT.maxPollSeconds), alarmSettleSeconds },
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof FlagStepUsageError) {
      console.error(error.message);
      return 2;
    }
    // AWS errors carry their own name (AccessDeniedException, DeploymentLimitExceededException…).
    const name = error instanceof Error ? error.name : "Error";
    console.error(`${failedStep}: ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
