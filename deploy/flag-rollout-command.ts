import { setTimeout as sleep } from "node:timers/promises";
import type { AppConfigClient } from "@aws-sdk/client-appconfig";
import {
  FLAG_DEPLOYMENT_NUMBER_VARIABLE,
  FLAG_MAX_WAIT_VARIABLE,
  FLAG_POLL_VARIABLE,
  FLAG_STEPS,
  FLAG_VARIABLES,
} from "../contracts/flag-rollout-inputs";
import { awaitFlagRollout, checkNoRunningRollout } from "./flag-rollout";

/** Bad input to a flag step: the command exits 2. */
export class FlagStepUsageError extends Error {}

export const DEFAULT_FLAG_POLL_SECONDS = 15;
/** AppConfig's longest rollout is 24 h and its longest bake 24 h. */
export const DEFAULT_FLAG_MAX_WAIT_SECONDS = 3600;

export type FlagStep = (typeof FLAG_STEPS)[keyof typeof FLAG_STEPS];

export function isFlagStep(step: string | undefined): step is FlagStep {
  return Object.values(FLAG_STEPS).includes(step as FlagStep);
}

function positiveWhole(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new FlagStepUsageError(`flag step: ${variable} must be a whole number above 0, got "${raw}"`);
  return value;
}

/**
 * Runs one flag step from the environment Terraform's local-exec sets: `flag-preflight` before a
 * new hosted version, `flag-rollout` after its deployment started. `wait` is for tests.
 */
export async function runFlagStep(
  step: FlagStep,
  env: NodeJS.ProcessEnv,
  appConfig: AppConfigClient,
  log: (line: string) => void,
  wait: { sleep?: (milliseconds: number) => Promise<unknown>; now?: () => number } = {},
): Promise<void> {
  const missing: string[] = Object.values(FLAG_VARIABLES).filter((variable) => !env[variable]);
  if (step === FLAG_STEPS.rollout && !env[FLAG_DEPLOYMENT_NUMBER_VARIABLE]) missing.push(FLAG_DEPLOYMENT_NUMBER_VARIABLE);
  if (missing.length > 0) throw new FlagStepUsageError(`${step}: set ${missing.join(", ")}`);
  const flag = { applicationId: env[FLAG_VARIABLES.applicationId]!, environmentId: env[FLAG_VARIABLES.environmentId]! };
  if (step === FLAG_STEPS.preflight) return checkNoRunningRollout(appConfig, flag, log);
  const deploymentNumber = positiveWhole(env, FLAG_DEPLOYMENT_NUMBER_VARIABLE, 0);
  await awaitFlagRollout(
    appConfig,
    { ...flag, deploymentNumber },
    {
      maxWaitSeconds: positiveWhole(env, FLAG_MAX_WAIT_VARIABLE, DEFAULT_FLAG_MAX_WAIT_SECONDS),
      pollSeconds: positiveWhole(env, FLAG_POLL_VARIABLE, DEFAULT_FLAG_POLL_SECONDS),
      sleep: wait.sleep ?? sleep,
      now: wait.now ?? Date.now,
    },
    log,
  );
}
