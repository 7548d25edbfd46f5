import { BatchGetDeploymentsCommand, ListDeploymentsCommand, type CodeDeployClient, type DeploymentInfo } from "@aws-sdk/client-codedeploy";

/** The deployment, and why, that rolled a version back. */
export interface RolledBackDeployment {
  readonly deploymentId: string;
  readonly reason?: string;
}

/** BatchGetDeployments' limit: the newest failed deployments are the ones that matter. */
const DEPLOYMENTS_LOOKED_AT = 25;

/**
 * The newest deployment of `targetVersion` to the function's alias, in this group, that failed or
 * was stopped (and so was rolled back): its AppSpec names the version it was shifting to.
 */
export async function findRolledBackDeployment(
  codeDeploy: CodeDeployClient,
  request: { applicationName: string; deploymentGroupName: string; functionName: string; aliasName: string; targetVersion: string },
): Promise<RolledBackDeployment | undefined> {
  const { deployments = [] } = await codeDeploy.send(
    new ListDeploymentsCommand({
      applicationName: request.applicationName,
      deploymentGroupName: request.deploymentGroupName,
      includeOnlyStatuses: ["Failed", "Stopped"],
    }),
  );
  if (deployments.length === 0) return undefined;
  const { deploymentsInfo = [] } = await codeDeploy.send(new BatchGetDeploymentsCommand({ deploymentIds: deployments.slice(0, DEPLOYMENTS_LOOKED_AT) }));
  const newestFirst = [...deploymentsInfo].sort((a, b) => (b.createTime?.getTime() ?? 0) - (a.createTime?.getTime() ?? 0));
  const match = newestFirst.find((info) => shiftedTo(info, request.functionName, request.aliasName) === request.targetVersion);
  if (!match?.deploymentId) return undefined;
  const reason = [match.errorInformation?.code, match.errorInformation?.message].filter(Boolean).join(": ");
  return { deploymentId: match.deploymentId, reason: reason || undefined };
}

/** The version a Lambda deployment's AppSpec shifts the alias to, if it is about this function and alias. */
function shiftedTo(info: DeploymentInfo, functionName: string, aliasName: string): string | undefined {
  const content = info.revision?.appSpecContent?.content;
  if (!content) return undefined;
  try {
    const appSpec = JSON.parse(content) as { Resources?: Array<Record<string, { Properties?: Record<string, unknown> }>> };
    for (const resource of appSpec.Resources ?? []) {
      for (const { Properties: properties } of Object.values(resource)) {
        if (properties?.Name === functionName && properties.Alias === aliasName && typeof properties.TargetVersion === "string") {
          return properties.TargetVersion;
        }
      }
    }
  } catch {
    // Another tool's AppSpec (YAML, say) tells us nothing about our versions.
  }
  return undefined;
}
