import { GetDeploymentTargetCommand, ListDeploymentTargetsCommand, type CodeDeployClient } from "@aws-sdk/client-codedeploy";

/** The lifecycle hooks this function serves. */
export type TrafficHook = "BeforeAllowTraffic" | "AfterAllowTraffic";

/** A Lambda deployment's one target: the function, the version it shifts to, and the hook running now. */
export interface DeploymentTarget {
  readonly functionName: string;
  readonly version: string;
  /** The hook CodeDeploy is running (the event does not say which); undefined if none is in progress. */
  readonly runningHook?: TrafficHook;
}

export async function describeDeploymentTarget(codeDeploy: CodeDeployClient, deploymentId: string): Promise<DeploymentTarget> {
  const { targetIds = [] } = await codeDeploy.send(new ListDeploymentTargetsCommand({ deploymentId }));
  if (targetIds.length !== 1) throw new Error(`deployment ${deploymentId} has ${targetIds.length} targets, expected one function`);
  const { deploymentTarget } = await codeDeploy.send(new GetDeploymentTargetCommand({ deploymentId, targetId: targetIds[0] }));
  const lambdaTarget = deploymentTarget?.lambdaTarget;
  const info = lambdaTarget?.lambdaFunctionInfo;
  if (!info?.functionName || !info.targetVersion) throw new Error(`deployment ${deploymentId} names no Lambda target version`);
  return { functionName: info.functionName, version: info.targetVersion, runningHook: runningHook(lambdaTarget?.lifecycleEvents ?? []) };
}

/**
 * Which hook CodeDeploy is running, from the target's lifecycle events: the one in progress; or,
 * should CodeDeploy invoke the hook before it marks the event in progress, AfterAllowTraffic once
 * traffic has been allowed (BeforeAllowTraffic and AllowTraffic done), else BeforeAllowTraffic.
 * Mistaking the bake for the check would skip the bake, so the lifecycle's progress decides.
 */
export function runningHook(events: ReadonlyArray<{ lifecycleEventName?: string; status?: string }>): TrafficHook | undefined {
  const status = (name: string) => events.find((event) => event.lifecycleEventName === name)?.status;
  if (status("AfterAllowTraffic") === "InProgress") return "AfterAllowTraffic";
  if (status("BeforeAllowTraffic") === "InProgress") return "BeforeAllowTraffic";
  if (status("AllowTraffic") === "Succeeded") return "AfterAllowTraffic";
  if (events.length > 0) return "BeforeAllowTraffic";
  return undefined;
}
