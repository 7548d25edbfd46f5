import { setTimeout as sleep } from "node:timers/promises";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { bakeNewVersion } from "./bake-new-version";
import { checkNewVersion, type HookVerdict, type LifecycleHookEvent } from "./check-new-version";
import { describeDeploymentTarget } from "./running-hook";
import { readHookSettings } from "./settings";

/**
 * huntaze-canary-health-hook: CodeDeploy's lifecycle hooks for every read function. Before any
 * traffic moves (BeforeAllowTraffic) it checks the new version (check-new-version.ts); once all
 * traffic has moved (AfterAllowTraffic) it bakes it against the deployment's alarms
 * (bake-new-version.ts). The event does not say which hook runs: the deployment target does.
 */
const logger = new Logger({ serviceName: "huntaze-canary-health-hook" });
const settings = readHookSettings(process.env);
const clients = { codeDeploy: new CodeDeployClient({}), lambda: new LambdaClient({}), cloudWatch: new CloudWatchClient({}) };

export async function handler(event: LifecycleHookEvent): Promise<void> {
  const hook = await describeDeploymentTarget(clients.codeDeploy, event.DeploymentId)
    .then((target) => target.runningHook)
    .catch(() => undefined); // the check itself reports what went wrong with the target
  const verdict: HookVerdict =
    hook === "AfterAllowTraffic"
      ? await bakeNewVersion(event, clients, { bakeSeconds: settings.CANARY_BAKE_SECONDS, pollSeconds: settings.CANARY_BAKE_POLL_SECONDS, now: Date.now, sleep })
      : await checkNewVersion(event, clients);
  const fields = { deploymentId: event.DeploymentId, hook: hook ?? "BeforeAllowTraffic", ...verdict };
  if (verdict.status === "Succeeded") logger.info("new version is healthy", fields);
  else logger.error("new version failed its hook; CodeDeploy rolls back", fields);
}
