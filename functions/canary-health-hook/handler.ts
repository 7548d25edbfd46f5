import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { checkNewVersion, type LifecycleHookEvent } from "./check-new-version";

/**
 * huntaze-canary-health-hook: CodeDeploy's BeforeAllowTraffic hook for every read function. It
 * checks the version a deployment is about to shift traffic to (check-new-version.ts).
 */
const logger = new Logger({ serviceName: "huntaze-canary-health-hook" });
const clients = { codeDeploy: new CodeDeployClient({}), lambda: new LambdaClient({}) };

export async function handler(event: LifecycleHookEvent): Promise<void> {
  const verdict = await checkNewVersion(event, clients);
  const fields = { deploymentId: event.DeploymentId, ...verdict };
  if (verdict.status === "Succeeded") logger.info("new version is healthy", fields);
  else logger.error("new version failed its health check; CodeDeploy rolls back", fields);
}
