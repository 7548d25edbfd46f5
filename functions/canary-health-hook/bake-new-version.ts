import { DescribeAlarmsCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { GetDeploymentCommand, GetDeploymentGroupCommand, type CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { reportVerdict, type HookVerdict, type LifecycleHookEvent } from "./check-new-version";

export interface BakeSettings {
  /** How long the new version serves all traffic, alarms OK, before the deployment is done. */
  readonly bakeSeconds: number;
  /** How often the alarms are looked at. */
  readonly pollSeconds: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<unknown>;
}

/**
 * CodeDeploy's AfterAllowTraffic hook: the bake. CodeDeploy watches a deployment's alarms only
 * until its last traffic shift; this keeps the deployment open while the new version serves all
 * traffic for the bake time, looking at the deployment group's alarms (its rollback alarms) every
 * poll. Any of them in ALARM is a Failed verdict, which rolls the deployment back; the whole bake
 * with every alarm OK is Succeeded, and only then is the deployment done. A bake that cannot look
 * at the alarms fails too: a bake that sees nothing proves nothing.
 */
export async function bakeNewVersion(
  event: LifecycleHookEvent,
  clients: { codeDeploy: CodeDeployClient; cloudWatch: CloudWatchClient },
  settings: BakeSettings,
): Promise<HookVerdict> {
  let verdict: HookVerdict;
  try {
    verdict = await watchAlarms(event.DeploymentId, clients, settings);
  } catch (error) {
    verdict = { status: "Failed", reason: `the bake could not run: ${error instanceof Error ? error.message : String(error)}` };
  }
  await reportVerdict(clients.codeDeploy, event, verdict);
  return verdict;
}

async function watchAlarms(
  deploymentId: string,
  clients: { codeDeploy: CodeDeployClient; cloudWatch: CloudWatchClient },
  settings: BakeSettings,
): Promise<HookVerdict> {
  const { deploymentInfo } = await clients.codeDeploy.send(new GetDeploymentCommand({ deploymentId }));
  const { applicationName, deploymentGroupName } = deploymentInfo ?? {};
  if (!applicationName || !deploymentGroupName) throw new Error(`deployment ${deploymentId} names no deployment group`);
  const { deploymentGroupInfo } = await clients.codeDeploy.send(new GetDeploymentGroupCommand({ applicationName, deploymentGroupName }));
  const alarmNames = (deploymentGroupInfo?.alarmConfiguration?.alarms ?? []).map((alarm) => alarm.name).filter((name): name is string => !!name);
  if (alarmNames.length === 0) throw new Error(`deployment group ${deploymentGroupName} has no alarms to bake against`);

  const ends = settings.now() + settings.bakeSeconds * 1000;
  for (;;) {
    const { MetricAlarms = [] } = await clients.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: alarmNames }));
    // CloudWatch leaves out a name it does not know: a missing alarm would never fire.
    const missing = alarmNames.filter((name) => !MetricAlarms.some((alarm) => alarm.AlarmName === name));
    if (missing.length > 0) throw new Error(`CloudWatch has no alarm named ${missing.join(", ")}`);
    const firing = MetricAlarms.find((alarm) => alarm.StateValue === "ALARM");
    if (firing) {
      return { status: "Failed", reason: `${firing.AlarmName} went into ALARM during the bake: ${firing.StateReason ?? "no reason given"}` };
    }
    if (settings.now() >= ends) {
      return { status: "Succeeded", reason: `served all traffic for ${settings.bakeSeconds} s with ${alarmNames.join(", ")} OK` };
    }
    await settings.sleep(Math.min(settings.pollSeconds * 1000, Math.max(0, ends - settings.now())));
  }
}
