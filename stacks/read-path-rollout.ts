import { READ_PATH_METRICS_NAMESPACE } from "../contracts/read-path-metrics";
import type { AlertTopic } from "../constructs/alert-topic";
import type { CanaryFunction, CanaryFunctionProps } from "../constructs/canary-function";
import { CandidateFallbackAlarm } from "../constructs/candidate-fallback-alarm";
import { ReadPathFlag } from "../constructs/read-path-flag";
import { ShadowAlarm } from "../constructs/shadow-alarm";
import type { ReadPathContext } from "./read-path-context";

/** What creators routed to the candidate get, seen from the control: reads it served itself. */
export function candidateFallbackAlarm({ stack, environment, names }: ReadPathContext, alerts: AlertTopic): CandidateFallbackAlarm {
  return new CandidateFallbackAlarm(stack, "candidate-fallbacks", {
    name: "candidate-fallbacks",
    // By name: the control is built after the flag it reads, and the flag watches this alarm.
    controlFunctionName: names.mockRead,
    thresholdPercent: environment.canary.errorRateThresholdPercent,
    minimumRequests: environment.canary.minimumRequestsPerPeriod,
    alarmTopicArn: alerts.topic.arn,
    metricsNamespace: READ_PATH_METRICS_NAMESPACE,
  });
}

/**
 * The shadow phase's alarm over the candidate's version being deployed: one of its canary's rollback
 * alarms (CanaryFunctionProps.additionalRollbackAlarms), so that a new version whose answers drift
 * from the control's contract while it serves shadow reads is rolled back. Outside the shadow phase
 * there are no shadow reads, and it never fires. The same thresholds as the request alarms: a shadow
 * read that differs or fails is a read a caller would have got wrong.
 */
export function canaryShadowAlarm({ environment }: ReadPathContext, alerts: AlertTopic): NonNullable<CanaryFunctionProps["additionalRollbackAlarms"]> {
  return ({ scope, functionName, targetVersion }) => [
    new ShadowAlarm(scope, "canary-shadow-reads", {
      name: "canary-shadow-reads",
      functionName,
      targetVersion,
      thresholdPercent: environment.canary.errorRateThresholdPercent,
      minimumShadowReads: environment.canary.minimumRequestsPerPeriod,
      alarmTopicArn: alerts.topic.arn,
      metricsNamespace: READ_PATH_METRICS_NAMESPACE,
    }).alarm,
  ];
}

/** The alarms canaryShadowAlarm adds to a read function's canary, by name: the health hook's bake must be allowed to read them. */
export function additionalRollbackAlarmNames({ names }: ReadPathContext, functionName: string): string[] {
  return functionName === names.prismaRead ? [ShadowAlarm.alarmName(functionName, "version being deployed")] : [];
}

/** The shadow phase's alarm over every version of the candidate: a monitor of the flag, which AppConfig rolls back from `shadow` when it fires. */
export function shadowReadAlarm({ stack, environment, names }: ReadPathContext, alerts: AlertTopic): ShadowAlarm {
  return new ShadowAlarm(stack, "shadow-reads", {
    name: "shadow-reads",
    functionName: names.prismaRead,
    thresholdPercent: environment.canary.errorRateThresholdPercent,
    minimumShadowReads: environment.canary.minimumRequestsPerPeriod,
    alarmTopicArn: alerts.topic.arn,
    metricsNamespace: READ_PATH_METRICS_NAMESPACE,
  });
}

/** What the flag watches and waits for. */
export interface FlagInputs {
  readonly candidate: CanaryFunction;
  readonly fallbacks: CandidateFallbackAlarm;
  /** The candidate's shadow reads, judged over every version. */
  readonly shadowReads: ShadowAlarm;
  readonly deployScriptPath: string;
}

/**
 * The flag the control reads: AppConfig rolls a new value out, and back when what creators
 * routed to the candidate get goes wrong: its errors, its latency, the control's fallbacks; or,
 * in the shadow phase, when the candidate's answers drift from the control's contract.
 */
export function readPathFlag({ stack, environment }: ReadPathContext, { candidate, fallbacks, shadowReads, deployScriptPath }: FlagInputs): ReadPathFlag {
  const { mode, percentage } = environment.flag.prismaRead;
  if (mode === "direct") throw new Error(`${environment.name}: the direct phase has no flag`);
  return new ReadPathFlag(stack, "flag", {
    name: "flag",
    applicationName: `${environment.namePrefix}-read-path`,
    environmentName: environment.name,
    value: { mode, percentage },
    rollout: environment.flag.rollout,
    accountId: environment.accountId,
    monitorAlarmArns: [candidate.alarms.errorRate.arn, candidate.alarms.p95Latency.arn, fallbacks.alarm.arn, shadowReads.alarm.arn],
    // An apply checks no rollout is running before a new value, and waits for the value's rollout.
    deployScriptPath,
    // A new value reaches the candidate only after its deploy step (and the migrations) ran.
    deployAfter: [candidate.deployment.trigger],
  });
}
