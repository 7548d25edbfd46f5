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
  const running = lambdaTarget?.lifecycleEvents?.find(
    (event) => event.status === "InProgress" && (event.lifecycleEventName === "BeforeAllowTraffic" || event.lifecycleEventName === "AfterAllowTraffic"),
  );
  return { functionName: info.functionName, version: info.targetVersion, runningHook: running?.lifecycleEventName as TrafficHook | undefined };
}
