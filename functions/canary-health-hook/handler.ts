import { setTimeout as sleep } from "node:timers/promises";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import type { LifecycleHookEvent } from "./check-new-version";
import { runLifecycleHook } from "./run-lifecycle-hook";
import { readHookSettings } from "./settings";

/**
 * huntaze-canary-health-hook: CodeDeploy's lifecycle hooks for every read function. Before any
 * traffic moves (BeforeAllowTraffic) it checks the new version (check-new-version.ts); once all
 * traffic has moved (AfterAllowTraffic) it bakes it against the deployment's alarms
 * (bake-new-version.ts). Which one runs is read from the deployment (run-lifecycle-hook.ts).
 */
const logger = new Logger({ serviceName: "huntaze-canary-health-hook" });
const settings = readHookSettings(process.env);
const clients = { codeDeploy: new CodeDeployClient({}), lambda: new LambdaClient({}), cloudWatch: new CloudWatchClient({}) };
const bake = { bakeSeconds: settings.CANARY_BAKE_SECONDS, pollSeconds: settings.CANARY_BAKE_POLL_SECONDS, now: Date.now, sleep };

export async function handler(event: LifecycleHookEvent): Promise<void> {
  const { hook, verdict } = await runLifecycleHook(event, clients, bake);
  const fields = { deploymentId: event.DeploymentId, hook, ...verdict };
  if (verdict.status === "Succeeded") logger.info("new version is healthy", fields);
  else logger.error("new version failed its hook; CodeDeploy rolls back", fields);
}
