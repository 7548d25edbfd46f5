import { DescribeAlarmsCommand, type CloudWatchClient, type MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { GetDeploymentGroupCommand, type CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { CanaryDeployError } from "./canary-deploy-error";

export interface QuietAlarmsSettings {
  /** Give up after this long. */
  readonly settleSeconds: number;
  readonly pollSeconds: number;
  readonly sleep: (milliseconds: number) => Promise<unknown>;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

/**
 * Waits until none of the deployment group's alarms is in ALARM: CodeDeploy stops a deployment at
 * once when one is. The canary alarms follow each new version (FunctionAlarms), and the apply has
 * just pointed them at the target version; an alarm keeps its previous version's state until its
 * next evaluation, a period later. So a fixed version deploys while its broken predecessor's alarm
 * state is still ALARM, and an alarm that stays in ALARM stops the deploy here, named, before
 * any traffic moves.
 */
export async function awaitQuietAlarms(
  clients: { codeDeploy: CodeDeployClient; cloudWatch: CloudWatchClient },
  group: { applicationName: string; deploymentGroupName: string; targetVersion: string },
  settings: QuietAlarmsSettings,
  log: (line: string) => void,
): Promise<void> {
  const { deploymentGroupInfo } = await clients.codeDeploy.send(
    new GetDeploymentGroupCommand({ applicationName: group.applicationName, deploymentGroupName: group.deploymentGroupName }),
  );
  const alarmNames = (deploymentGroupInfo?.alarmConfiguration?.alarms ?? []).map((alarm) => alarm.name).filter((name): name is string => !!name);
  if (alarmNames.length === 0 || deploymentGroupInfo?.alarmConfiguration?.enabled === false) return;

  const deadline = settings.now() + settings.settleSeconds * 1000;
  for (let attempt = 0; ; attempt += 1) {
    const { MetricAlarms = [] } = await clients.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: alarmNames }));
    const firing = MetricAlarms.filter((alarm) => alarm.StateValue === "ALARM");
    if (firing.length === 0) {
      if (attempt > 0) log(`The deployment group's alarms are OK; starting version ${group.targetVersion}'s canary`);
      return;
    }
    if (settings.now() >= deadline) {
      throw new CanaryDeployError(
        `${firing.map(describe).join("; ")}: still in ALARM after ${settings.settleSeconds} s, and CodeDeploy would stop the ` +
          "deployment at once. Find out why (docs/runbooks/alarms.md) before deploying",
      );
    }
    if (attempt === 0) log(`Waiting up to ${settings.settleSeconds} s for ${firing.map((alarm) => alarm.AlarmName).join(", ")} to leave ALARM`);
    await settings.sleep(settings.pollSeconds * 1000);
  }
}

function describe(alarm: MetricAlarm): string {
  return `${alarm.AlarmName} (${alarm.StateReason ?? "no reason given"})`;
}
