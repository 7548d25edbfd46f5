import { PutLifecycleEventHookExecutionStatusCommand, type CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { HEALTH_CHECK_EVENT, HEALTHY_STATUS_CODE, judgeHealthAnswer } from "../../contracts/health-check";
import { describeDeploymentTarget } from "./running-hook";

/** What CodeDeploy sends a lifecycle hook (BeforeAllowTraffic, AfterAllowTraffic). */
export interface LifecycleHookEvent {
  readonly DeploymentId: string;
  readonly LifecycleEventHookExecutionId: string;
}

export interface HookVerdict {
  readonly status: "Succeeded" | "Failed";
  /** The version checked, `function:version`, when it could be found. */
  readonly checked?: string;
  readonly reason: string;
}

/**
 * CodeDeploy's BeforeAllowTraffic hook: before any traffic reaches the new version, invoke that
 * version (not the alias) with `GET /health` and tell CodeDeploy whether it answered 200. A Failed
 * verdict stops the deployment and rolls it back, so a version that cannot even start (a missing
 * setting, a bad bundle, no database) never serves a single caller. Whatever goes wrong in the
 * check itself is a Failed verdict too; only failing to report it throws, and CodeDeploy then fails
 * the deployment when the hook times out.
 */
export async function checkNewVersion(event: LifecycleHookEvent, clients: { codeDeploy: CodeDeployClient; lambda: LambdaClient }): Promise<HookVerdict> {
  let verdict: HookVerdict;
  try {
    const { functionName, version } = await describeDeploymentTarget(clients.codeDeploy, event.DeploymentId);
    const checked = `${functionName}:${version}`;
    const output = await clients.lambda.send(
      new InvokeCommand({ FunctionName: functionName, Qualifier: version, InvocationType: "RequestResponse", Payload: JSON.stringify(HEALTH_CHECK_EVENT) }),
    );
    const answer = judgeHealthAnswer({ functionError: output.FunctionError, payload: output.Payload });
    verdict = answer.healthy
      ? { status: "Succeeded", checked, reason: `GET /health answered ${HEALTHY_STATUS_CODE}` }
      : { status: "Failed", checked, reason: answer.answered };
  } catch (error) {
    verdict = { status: "Failed", reason: `the check could not run: ${error instanceof Error ? error.message : String(error)}` };
  }
  await reportVerdict(clients.codeDeploy, event, verdict);
  return verdict;
}

/** Tells CodeDeploy the hook's verdict: Failed stops the deployment and rolls it back. */
export async function reportVerdict(codeDeploy: CodeDeployClient, event: LifecycleHookEvent, verdict: HookVerdict): Promise<void> {
  await codeDeploy.send(
    new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId: event.DeploymentId,
      lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
      status: verdict.status,
    }),
  );
}
