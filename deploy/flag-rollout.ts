import { GetDeploymentCommand, ListDeploymentsCommand, type AppConfigClient, type GetDeploymentCommandOutput } from "@aws-sdk/client-appconfig";

/**
 * The flag's rollout, seen from the apply. Terraform's aws_appconfig_deployment returns as soon as
 * AppConfig has started the deployment, so by itself an apply is green whether the value reaches
 * every caller or AppConfig rolls it back on an alarm. Two steps around it close that gap:
 * - before a new value (checkNoRunningRollout): AppConfig runs one deployment per environment at a
 *   time and refuses a second with ConflictException. The check says which deployment is running
 *   before the apply changes anything, instead of failing halfway with a new hosted version made
 *   and the old value still deployed;
 * - after it (awaitFlagRollout): the apply waits until the deployment is COMPLETE, and fails,
 *   naming the deployment and its state, when AppConfig rolls it back.
 */

/** Where the flag lives, and which deployment of it to wait for. */
export interface FlagDeployment {
  readonly applicationId: string;
  readonly environmentId: string;
}

export interface FlagWaitSettings {
  /** Give up waiting (the rollout goes on in AppConfig) after this long. */
  readonly maxWaitSeconds: number;
  readonly pollSeconds: number;
  readonly sleep: (milliseconds: number) => Promise<unknown>;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

/** A rollout that is running, rolled back, or did not finish in time; or one in the way of a new value. */
export class FlagRolloutError extends Error {
  override readonly name = "FlagRolloutError";
}

/** States in which AppConfig refuses to start another deployment in the environment. */
const RUNNING_STATES = new Set(["BAKING", "VALIDATING", "DEPLOYING", "ROLLING_BACK"]);

/**
 * Fails, naming the deployment, its state and how far it got, when a deployment is running in the
 * environment: the apply then stops before it creates the new hosted version or starts anything.
 */
export async function checkNoRunningRollout(appConfig: AppConfigClient, flag: FlagDeployment, log: (line: string) => void): Promise<void> {
  const { Items = [] } = await appConfig.send(new ListDeploymentsCommand({ ApplicationId: flag.applicationId, EnvironmentId: flag.environmentId }));
  const running = Items.find((item) => item.State && RUNNING_STATES.has(item.State));
  if (!running) {
    log(`No flag rollout is running in ${where(flag)}; the new value can start`);
    return;
  }
  throw new FlagRolloutError(
    `AppConfig deployment ${running.DeploymentNumber} (configuration version ${running.ConfigurationVersion}) is ${running.State} in ${where(flag)}` +
      `${running.PercentageComplete === undefined ? "" : `, ${running.PercentageComplete} % rolled out`}` +
      `${running.StartedAt ? ` since ${running.StartedAt.toISOString()}` : ""}. AppConfig runs one deployment at a time (a new one is refused ` +
      "with ConflictException), so this apply changed nothing. Apply again once it has ended, or stop it first " +
      `(aws appconfig stop-deployment --application-id ${flag.applicationId} --environment-id ${flag.environmentId} --deployment-number ${running.DeploymentNumber}), ` +
      "which rolls its value back (docs/runbooks/rollback.md)",
  );
}

/**
 * Waits until `deploymentNumber` is COMPLETE. Throws when AppConfig rolls it back (ROLLING_BACK or
 * ROLLED_BACK), naming the deployment, its state and what AppConfig said; or when it does not end
 * within the wait.
 */
export async function awaitFlagRollout(
  appConfig: AppConfigClient,
  flag: FlagDeployment & { readonly deploymentNumber: number },
  settings: FlagWaitSettings,
  log: (line: string) => void,
): Promise<void> {
  const deadline = settings.now() + settings.maxWaitSeconds * 1000;
  let lastProgress = "";
  for (;;) {
    const deployment = await appConfig.send(
      new GetDeploymentCommand({ ApplicationId: flag.applicationId, EnvironmentId: flag.environmentId, DeploymentNumber: flag.deploymentNumber }),
    );
    const state = deployment.State ?? "unknown";
    if (state === "COMPLETE") {
      log(`AppConfig deployment ${flag.deploymentNumber} in ${where(flag)} is COMPLETE: every caller has configuration version ${deployment.ConfigurationVersion}`);
      return;
    }
    if (state === "ROLLING_BACK" || state === "ROLLED_BACK") {
      throw new FlagRolloutError(
        `AppConfig deployment ${flag.deploymentNumber} (configuration version ${deployment.ConfigurationVersion}) in ${where(flag)} is ${state}` +
          `${rollbackReason(deployment)}: callers keep the previous value, and this apply fails so the repository is brought back in line ` +
          "with AppConfig (docs/runbooks/rollback.md, \"The flag\")",
      );
    }
    const progress = `${state}, ${deployment.PercentageComplete ?? 0} %`;
    if (progress !== lastProgress) log(`AppConfig deployment ${flag.deploymentNumber}: ${progress}`);
    lastProgress = progress;
    if (settings.now() >= deadline) {
      throw new FlagRolloutError(
        `AppConfig deployment ${flag.deploymentNumber} in ${where(flag)} did not finish within ${settings.maxWaitSeconds} s (${progress}); ` +
          "it goes on in AppConfig, which still rolls it back on its alarms",
      );
    }
    await settings.sleep(settings.pollSeconds * 1000);
  }
}

function where(flag: FlagDeployment): string {
  return `application ${flag.applicationId}, environment ${flag.environmentId}`;
}

/** What AppConfig's event log says started the rollback: the alarm, or who stopped it. */
function rollbackReason(deployment: GetDeploymentCommandOutput): string {
  const started = (deployment.EventLog ?? []).find((event) => event.EventType === "ROLLBACK_STARTED");
  if (!started) return "";
  return ` (${[started.TriggeredBy, started.Description].filter(Boolean).join(": ")})`;
}
