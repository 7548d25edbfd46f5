import { READ_PATH_METRICS_NAMESPACE } from "../contracts/read-path-metrics";
import type { AlertTopic } from "../constructs/alert-topic";
import type { CanaryFunction } from "../constructs/canary-function";
import { CandidateFallbackAlarm } from "../constructs/candidate-fallback-alarm";
import { ReadPathFlag } from "../constructs/read-path-flag";
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

/** What the flag watches and waits for. */
export interface FlagInputs {
  readonly candidate: CanaryFunction;
  readonly fallbacks: CandidateFallbackAlarm;
  readonly deployScriptPath: string;
}

/**
 * The flag the control reads: AppConfig rolls a new value out, and back when what creators
 * routed to the candidate get goes wrong: its errors, its latency, the control's fallbacks.
 */
export function readPathFlag({ stack, environment }: ReadPathContext, { candidate, fallbacks, deployScriptPath }: FlagInputs): ReadPathFlag {
  const { mode, percentage } = environment.flag.prismaRead;
  if (mode === "direct") throw new Error(`${environment.name}: the direct phase has no flag`);
  return new ReadPathFlag(stack, "flag", {
    name: "flag",
    applicationName: `${environment.namePrefix}-read-path`,
    environmentName: environment.name,
    value: { mode, percentage },
    rollout: environment.flag.rollout,
    accountId: environment.accountId,
    monitorAlarmArns: [candidate.alarms.errorRate.arn, candidate.alarms.p95Latency.arn, fallbacks.alarm.arn],
    // An apply checks no rollout is running before a new value, and waits for the value's rollout.
    deployScriptPath,
    // A new value reaches the candidate only after its deploy step (and the migrations) ran.
    deployAfter: [candidate.deployment.trigger],
  });
}
