import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  waitUntilDeploymentSuccessful,
} from "@aws-sdk/client-codedeploy";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CanaryDeployError } from "./canary-deploy-error";
import { checkVersionHealth } from "./check-version-health";
import { awaitQuietAlarms } from "./quiet-alarms";
import { findRolledBackDeployment } from "./rolled-back-versions";
import { runMigrator } from "./run-migrator";

/**
 * Shifts a Lambda alias to a newly published version through CodeDeploy, and waits for the outcome.
 * Terraform runs it after every apply that published a version (see CanaryFunction); CI fails when
 * the canary rolls back. Terraform itself never moves the alias after creating it.
 */

export interface CanaryDeployRequest {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly functionName: string;
  readonly aliasName: string;
  /** The version Terraform just published: a number, never `$LATEST`. */
  readonly targetVersion: string;
  /** Optional BeforeAllowTraffic hook: a function CodeDeploy invokes before shifting any traffic. */
  readonly beforeAllowTrafficHook?: string;
  /** Optional AfterAllowTraffic hook: a function CodeDeploy invokes once all traffic is shifted (the bake). */
  readonly afterAllowTrafficHook?: string;
  /**
   * Deploy the target version although an earlier canary of it rolled back: said on purpose by
   * whoever runs the apply, never by default.
   */
  readonly redeployRolledBack?: boolean;
  /**
   * A function that migrates the database (functions/db-migrator), invoked and awaited before
   * anything else moves: a failed migration stops the deploy before any traffic does. Runs on
   * every deploy, the first (when there is no canary) included; an up-to-date database is a no-op.
   */
  readonly migrationFunction?: string;
  /**
   * Before creating the deployment, invoke the target version with GET /health and refuse to
   * deploy it unless it answers 200 (check-version-health.ts): the check a function without a
   * BeforeAllowTraffic hook (the canary health hook itself) otherwise lacks. On an apply that
   * creates no deployment (the first: the alias starts at the new version) it runs too, and fails
   * the apply where the version cannot start.
   */
  readonly healthCheckBeforeTraffic?: boolean;
}

export interface CanaryDeployClients {
  readonly codeDeploy: CodeDeployClient;
  readonly lambda: LambdaClient;
  readonly cloudWatch: CloudWatchClient;
}

export interface WaitSettings {
  /** Give up waiting (the deployment goes on) after this long. */
  readonly maxWaitSeconds: number;
  /** Polling starts at this interval and backs off to maxPollSeconds. */
  readonly minPollSeconds: number;
  readonly maxPollSeconds: number;
  /**
   * How long to wait, before starting, for the group's alarms to leave ALARM: an alarm that has just
   * been pointed at the new version keeps its old state until its next evaluation (one period).
   */
  readonly alarmSettleSeconds: number;
  /** How the waits pass and what time it is; tests pass their own. */
  readonly sleep?: (milliseconds: number) => Promise<unknown>;
  readonly now?: () => number;
}

export const DEFAULT_WAIT: WaitSettings = { maxWaitSeconds: 3600, minPollSeconds: 15, maxPollSeconds: 30, alarmSettleSeconds: 60 };

export type CanaryDeployOutcome =
  | { readonly kind: "unchanged"; readonly version: string }
  | { readonly kind: "succeeded"; readonly deploymentId: string; readonly fromVersion: string; readonly toVersion: string };

export { CanaryDeployError };

/** A version `publish = true` created: `$LATEST` cannot be shifted to by CodeDeploy. */
export const PUBLISHED_VERSION = /^[1-9][0-9]*$/;

/** The AppSpec CodeDeploy follows: shift `alias` from `currentVersion` to `targetVersion`. */
export function lambdaAppSpec(request: CanaryDeployRequest, currentVersion: string): string {
  const appSpec = {
    version: 0.0,
    Resources: [
      {
        [request.functionName]: {
          Type: "AWS::Lambda::Function",
          Properties: {
            Name: request.functionName,
            Alias: request.aliasName,
            CurrentVersion: currentVersion,
            TargetVersion: request.targetVersion,
          },
        },
      },
    ],
  };
  const hooks = [
    ...(request.beforeAllowTrafficHook ? [{ BeforeAllowTraffic: request.beforeAllowTrafficHook }] : []),
    ...(request.afterAllowTrafficHook ? [{ AfterAllowTraffic: request.afterAllowTrafficHook }] : []),
  ];
  return JSON.stringify(hooks.length > 0 ? { ...appSpec, Hooks: hooks } : appSpec);
}

export async function deployAliasByCanary(
  request: CanaryDeployRequest,
  clients: CanaryDeployClients,
  wait: WaitSettings = DEFAULT_WAIT,
  log: (line: string) => void = console.log,
): Promise<CanaryDeployOutcome> {
  if (!PUBLISHED_VERSION.test(request.targetVersion)) {
    throw new CanaryDeployError(
      `targetVersion must be a published version number (the function needs publish = true), got "${request.targetVersion}"`,
    );
  }
  const alias = await clients.lambda.send(
    new GetAliasCommand({ FunctionName: request.functionName, Name: request.aliasName }),
  );
  const currentVersion = alias.FunctionVersion ?? "";
  const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
  if (Object.keys(weights).length > 0) {
    // A split alias means a deployment is running, or one was interrupted: starting another would
    // make CodeDeploy's idea of "current" wrong.
    throw new CanaryDeployError(
      `${request.functionName}:${request.aliasName} is split between version ${currentVersion} and ${JSON.stringify(weights)}; ` +
        "wait for the running deployment, or stop it in CodeDeploy, before deploying again",
    );
  }
  // Before the early return below: an environment's first apply creates the alias at the new
  // version, and the schema and the read-only role must exist before the first read reaches it.
  if (request.migrationFunction) await runMigrator(clients.lambda, request.migrationFunction, log);
  if (currentVersion === request.targetVersion) {
    // The first apply creates the alias at the new version already; a re-run after success lands
    // here too. Nothing is left to stop, but a version that cannot start still fails the apply.
    if (request.healthCheckBeforeTraffic) await checkVersionHealth(clients.lambda, request.functionName, request.targetVersion, log, true);
    log(`${request.functionName}:${request.aliasName} already serves version ${currentVersion}; nothing to deploy`);
    return { kind: "unchanged", version: currentVersion };
  }

  // After a rollback: the apply that follows (its deploy step is tainted, so it runs again) would
  // canary the same known-bad version. Refuse, unless told on purpose; a fix or a revert publishes
  // a new version, which deploys as usual.
  const rolledBack = await findRolledBackDeployment(clients.codeDeploy, request);
  if (rolledBack && !request.redeployRolledBack) {
    throw new CanaryDeployError(
      `version ${request.targetVersion} of ${request.functionName} was rolled back by its canary (deployment ${rolledBack.deploymentId}` +
        `${rolledBack.reason ? `: ${rolledBack.reason}` : ""}); not deploying it again. Merge a fix or a revert (it publishes a new version), ` +
        `or set CANARY_REDEPLOY_ROLLED_BACK=${request.functionName}:${request.targetVersion} for this apply to canary it again on purpose`,
    );
  }
  if (rolledBack) log(`Deploying version ${request.targetVersion} again on purpose, although deployment ${rolledBack.deploymentId} rolled it back`);
  // Before the alarms' wait: a version that cannot start fails here at once.
  if (request.healthCheckBeforeTraffic) await checkVersionHealth(clients.lambda, request.functionName, request.targetVersion, log);

  await awaitQuietAlarms(clients, request, { settleSeconds: wait.alarmSettleSeconds, pollSeconds: wait.minPollSeconds, sleep: wait.sleep ?? sleep, now: wait.now ?? Date.now }, log);

  const content = lambdaAppSpec(request, currentVersion);
  const created = await clients.codeDeploy.send(
    new CreateDeploymentCommand({
      applicationName: request.applicationName,
      deploymentGroupName: request.deploymentGroupName,
      description: `${request.aliasName}: version ${currentVersion} -> ${request.targetVersion}`,
      revision: {
        revisionType: "AppSpecContent",
        appSpecContent: { content, sha256: createHash("sha256").update(content).digest("hex") },
      },
    }),
  );
  const deploymentId = created.deploymentId;
  if (!deploymentId) throw new CanaryDeployError("CodeDeploy created a deployment without an id");
  log(
    `Deployment ${deploymentId}: shifting ${request.functionName}:${request.aliasName} ` +
      `from version ${currentVersion} to ${request.targetVersion} (group ${request.deploymentGroupName})`,
  );

  try {
    await waitUntilDeploymentSuccessful(
      {
        client: clients.codeDeploy,
        maxWaitTime: wait.maxWaitSeconds,
        minDelay: wait.minPollSeconds,
        maxDelay: wait.maxPollSeconds,
      },
      { deploymentId },
    );
  } catch (error) {
    throw await explainFailure(clients.codeDeploy, deploymentId, wait, error);
  }
  log(`Deployment ${deploymentId} succeeded: ${request.aliasName} serves version ${request.targetVersion}`);
  return { kind: "succeeded", deploymentId, fromVersion: currentVersion, toVersion: request.targetVersion };
}

/** What CodeDeploy says went wrong, in one line a pipeline log can show. */
async function explainFailure(
  codeDeploy: CodeDeployClient,
  deploymentId: string,
  wait: WaitSettings,
  waiterError: unknown,
): Promise<CanaryDeployError> {
  const { deploymentInfo: info } = await codeDeploy.send(new GetDeploymentCommand({ deploymentId }));
  const status = info?.status ?? "unknown";
  if (status !== "Failed" && status !== "Stopped") {
    return new CanaryDeployError(
      `Deployment ${deploymentId} did not finish within ${wait.maxWaitSeconds} s (status ${status}); ` +
        "it goes on in CodeDeploy, which still rolls back on its alarms",
      { cause: waiterError },
    );
  }
  const reason = [info?.errorInformation?.code, info?.errorInformation?.message].filter(Boolean).join(": ");
  const rollbackId = info?.rollbackInfo?.rollbackDeploymentId;
  const rollback = rollbackId
    ? `rolled back by deployment ${rollbackId}${info?.rollbackInfo?.rollbackMessage ? `: ${info.rollbackInfo.rollbackMessage}` : ""}`
    : "no rollback recorded: check which version the alias serves";
  return new CanaryDeployError(
    `Deployment ${deploymentId} ${status.toLowerCase()}${reason ? ` (${reason})` : ""}; ${rollback}`,
    { cause: waiterError },
  );
}
