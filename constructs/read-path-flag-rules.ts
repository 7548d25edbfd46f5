import { FLAG_SHARE_MAXIMUM, FLAG_SHARE_MINIMUM } from "../contracts/flag-share";
import { PRISMA_READ_FLAG_MODES } from "../contracts/prisma-read-flag";
import type { NumberRule } from "./number-rule";
import type { ListRule, TextRule } from "./text-rule";

/** AppConfig's and IAM's names: letters, digits, hyphens and underscores. */
const NAME = "^[A-Za-z0-9_-]+$";

/** AppConfig's strategies: the share of the control's containers that see a new value grows linearly or exponentially. */
export const FLAG_ROLLOUT_GROWTH_TYPES = ["LINEAR", "EXPONENTIAL"] as const;

/** A rollout's duration or bake, in minutes: AppConfig's limits. */
const ROLLOUT_MINUTES = { min: 0, max: 1440, default: 10 } as const satisfies NumberRule;

/**
 * ReadPathFlag's props: their rules and the defaults its module's inputs take, in one place. The
 * construct checks them (read-path-flag.ts); the read-path-flag module declares them as its inputs
 * (module-builder/definitions/read-path-flag.ts); config (config/schema.ts) bounds its rollout with
 * them. The flag's modes and share are the contracts' (contracts/prisma-read-flag.ts,
 * contracts/flag-share.ts), which the control's parser reads too.
 */
export const READ_PATH_FLAG_RULES = {
  /** Its monitor role's name adds `-appconfig-monitors` (19 characters), within IAM's 64. */
  applicationName: {
    pattern: NAME,
    maxLength: 45,
    must: "be 1-45 letters, digits, hyphens or underscores (its role's name adds 19 characters, within IAM's 64)",
  },
  environmentName: { pattern: NAME, must: "be letters, digits, hyphens or underscores" },
  /** `<applicationName>-<environmentName>-rollout` (rolloutStrategyName): AppConfig's limit on a strategy's name. */
  rolloutStrategyName: { maxLength: 64, must: "fit the rollout strategy's name, <application>-<environment>-rollout, in AppConfig's 64 characters" },
  value: {
    mode: { oneOf: PRISMA_READ_FLAG_MODES, default: "off" },
    percentage: { min: FLAG_SHARE_MINIMUM, max: FLAG_SHARE_MAXIMUM, unit: "of percent", default: 0 },
  },
  rollout: {
    growthType: { oneOf: FLAG_ROLLOUT_GROWTH_TYPES, default: "LINEAR" },
    growthFactorPercent: { fractional: true, min: 1, max: 100, default: 20 },
    deploymentDurationInMinutes: ROLLOUT_MINUTES,
    finalBakeTimeInMinutes: ROLLOUT_MINUTES,
  },
  /** AppConfig watches at most 5 alarms per environment; none would roll nothing back. */
  monitorAlarmArns: { minItems: 1, maxItems: 5, itemsName: "alarms", why: "(AppConfig watches at most 5)" },
} as const satisfies Record<string, TextRule | ListRule | Record<string, NumberRule | TextRule>>;

/** The rollout strategy's name: the application's and the environment's. */
export function rolloutStrategyName(applicationName: string, environmentName: string): string {
  return `${applicationName}-${environmentName}-rollout`;
}
