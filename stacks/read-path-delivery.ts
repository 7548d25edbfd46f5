import type { EnvironmentConfig } from "../config/schema";
import { HEALTH_HOOK_VARIABLES } from "../contracts/function-environment";
import { CanaryFunction, type CanaryFunctionProps } from "../constructs/canary-function";
import { type ReadPathContext, servesThroughControl } from "./read-path-context";
import { additionalRollbackAlarmNames } from "./read-path-rollout";

/** The hook's invocation outlives the bake by this much: time to look at the alarms once more and report. */
const HOOK_MARGIN_SECONDS = 60;

/** How the stack's functions are delivered: the same logs, canary, alarms and deploy step. */
export type FunctionDelivery = Pick<
  CanaryFunctionProps,
  | "logRetentionInDays"
  | "logKmsKeyArn"
  | "accountId"
  | "deploymentConfig"
  | "errorRateThresholdPercent"
  | "p95DurationThresholdMs"
  | "alarmMinimumRequests"
  | "alarmTopicArn"
  | "deployScriptPath"
  | "beforeAllowTrafficHookArn"
  | "afterAllowTrafficHookArn"
  | "additionalRollbackAlarms"
>;

/** What the delivery takes from other parts of the stack. */
export interface DeliveryInputs {
  readonly logKmsKeyArn: string | undefined;
  readonly alarmTopicArn: string;
  readonly deployScriptPath: string;
}

export function functionDelivery({ environment }: ReadPathContext, inputs: DeliveryInputs): FunctionDelivery {
  return {
    logRetentionInDays: environment.logRetentionInDays,
    logKmsKeyArn: inputs.logKmsKeyArn,
    accountId: environment.accountId,
    deploymentConfig: environment.canary.deploymentConfig,
    errorRateThresholdPercent: environment.canary.errorRateThresholdPercent,
    p95DurationThresholdMs: environment.canary.p95DurationThresholdMs,
    alarmMinimumRequests: environment.canary.minimumRequestsPerPeriod,
    alarmTopicArn: inputs.alarmTopicArn,
    deployScriptPath: inputs.deployScriptPath,
  };
}

function bakeSeconds(environment: EnvironmentConfig): number {
  return environment.canary.bakeTimeMinutes * 60;
}

/**
 * CodeDeploy's check of each new version before any traffic reaches it (GET /health on that
 * version), and its bake once all traffic has moved (the deployment's alarms OK for the bake
 * time). It is itself delivered by canary, with no hook of its own: its deploy step checks its new
 * version's GET /health before the deployment instead. Its grants name the read
 * functions' deployment groups, versions and alarms by name: a reference would make a cycle,
 * since their deployments name this hook. In `direct` the control is gone, and so are its grants.
 */
export function canaryHealthHook(ctx: ReadPathContext, delivery: FunctionDelivery): CanaryFunction {
  const { environment, names, location } = ctx;
  const bake = bakeSeconds(environment);
  // The read functions the hook checks: the control's deployments too, while there is a control.
  const checked = servesThroughControl(environment) ? [names.mockRead, names.prismaRead] : [names.prismaRead];
  const readFunctions = checked.map((name) => CanaryFunction.canaryHookTargets(name, location, additionalRollbackAlarmNames(ctx, name)));
  return new CanaryFunction(ctx.stack, "canary-health-hook", {
    name: "canary-health-hook",
    functionName: names.healthHook,
    description: "CodeDeploy BeforeAllowTraffic hook: GET /health on the new version of a read function",
    code: ctx.artifacts.functions["canary-health-hook"],
    // Sized for one check at a time; the timeout covers a cold VPC start of the version it
    // checks, and the bake.
    memorySizeMb: 256,
    timeoutSeconds: bake + HOOK_MARGIN_SECONDS,
    reservedConcurrency: 5,
    ...delivery,
    // Its own deployment has no hook (it would check itself) and no alarm that fires (it publishes
    // no request metrics and runs too rarely for its crash guard): the deploy step checks that a
    // new version starts, answering GET /health, before any deployment shifts the alias to it.
    healthCheckBeforeTraffic: true,
    environmentVariables: { [HEALTH_HOOK_VARIABLES.bakeSeconds]: String(bake) },
    permissions: [
      {
        sid: "ReadAndReportDeployments",
        actions: ["codedeploy:GetDeployment", "codedeploy:GetDeploymentGroup", "codedeploy:PutLifecycleEventHookExecutionStatus"],
        resources: readFunctions.map((targets) => targets.deploymentGroupArn),
      },
      {
        // Deliberate exception to "no * resources": the Service Authorization Reference gives these
        // two no resource type, so IAM matches them against "*" only, and a statement naming the
        // deployment groups would deny them: the hook could not find the version it checks, and
        // every canary would roll back. Both only read a deployment's targets, by its id.
        sid: "ReadDeploymentTargets",
        actions: ["codedeploy:ListDeploymentTargets", "codedeploy:GetDeploymentTarget"],
        resources: ["*"],
      },
      {
        sid: "InvokeNewVersions",
        actions: ["lambda:InvokeFunction"],
        resources: readFunctions.map((targets) => targets.versionsArn),
      },
      {
        sid: "BakeAgainstRollbackAlarms",
        actions: ["cloudwatch:DescribeAlarms"],
        resources: readFunctions.flatMap((targets) => targets.rollbackAlarmArns),
      },
    ],
  });
}

/** The read functions' delivery: the hook checks each new version before traffic, and bakes it where the environment asks. */
export function checkedDelivery({ environment }: ReadPathContext, delivery: FunctionDelivery, hook: CanaryFunction): FunctionDelivery {
  // One reference for both hooks: each read of `alias.arn` is a new token, and the deployment's
  // role grants each distinct hook string once.
  const hookArn = hook.alias.arn;
  return {
    ...delivery,
    beforeAllowTrafficHookArn: hookArn,
    afterAllowTrafficHookArn: bakeSeconds(environment) > 0 ? hookArn : undefined,
  };
}
