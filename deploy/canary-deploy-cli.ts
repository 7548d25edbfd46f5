/**
 * The canary deploy as a command: Terraform's local-exec runs its bundle (one self-contained .mjs,
 * AWS SDK included, so it needs only `node`) after an apply that published a new version.
 *
 * Input comes from environment variables, which local-exec sets without a shell ever parsing them.
 * AWS credentials and region come the SDK's standard way (AWS_REGION, AWS_PROFILE, OIDC web
 * identity…); AWS_ENDPOINT_URL points it elsewhere, as the tests do.
 *
 * Exit codes: 0 deployed or nothing to deploy, 1 the deployment failed or rolled back, 2 bad input.
 */
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { DEPLOY_VARIABLES, HOOK_VARIABLE, MAX_WAIT_VARIABLE, POLL_VARIABLE } from "./deploy-variables";
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
  };
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
  try {
    const request = readRequest(process.env);
    const maxWaitSeconds = positiveSeconds(process.env, MAX_WAIT_VARIABLE, DEFAULT_WAIT.maxWaitSeconds);
    const pollSeconds = positiveSeconds(process.env, POLL_VARIABLE, DEFAULT_WAIT.minPollSeconds);
    await deployAliasByCanary(
      request,
      { codeDeploy: new CodeDeployClient({}), lambda: new LambdaClient({}) },
      { maxWaitSeconds, minPollSeconds: pollSeconds, maxPollSeconds: Math.max(pollSeconds, DEFAULT_WAIT.maxPollSeconds) },
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    // AWS errors carry their own name (AccessDeniedException, DeploymentLimitExceededException…).
    const name = error instanceof Error ? error.name : "Error";
    console.error(`canary deploy failed: ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
