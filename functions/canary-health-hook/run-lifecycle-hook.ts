import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { bakeNewVersion, type BakeSettings } from "./bake-new-version";
import { checkNewVersion, type HookVerdict, type LifecycleHookEvent } from "./check-new-version";
import { describeDeploymentTarget, type TrafficHook } from "./running-hook";

export interface HookClients {
  readonly codeDeploy: CodeDeployClient;
  readonly lambda: LambdaClient;
  readonly cloudWatch: CloudWatchClient;
}

/**
 * Runs the hook CodeDeploy is running for this deployment: the event does not say which, the
 * deployment target does. AfterAllowTraffic bakes the new version (bake-new-version.ts); anything
 * else is the check before traffic (check-new-version.ts), which also reports a target that cannot
 * be read as Failed.
 */
export async function runLifecycleHook(
  event: LifecycleHookEvent,
  clients: HookClients,
  bake: BakeSettings,
): Promise<{ readonly hook: TrafficHook; readonly verdict: HookVerdict }> {
  const running = await describeDeploymentTarget(clients.codeDeploy, event.DeploymentId)
    .then((target) => target.runningHook)
    .catch(() => undefined);
  if (running === "AfterAllowTraffic") return { hook: running, verdict: await bakeNewVersion(event, clients, bake) };
  return { hook: "BeforeAllowTraffic", verdict: await checkNewVersion(event, clients) };
}
