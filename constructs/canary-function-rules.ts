import { DEFAULT_MAX_WAIT_SECONDS } from "./canary-deployment";
import { LOG_RETENTION_RULE, type NumberRule } from "./number-rule";
import { awsNameRule, type TextRule } from "./text-rule";

/**
 * CanaryFunction's number props: their bounds and the defaults of the optional ones, in one place.
 * (Its name's rule is CANARY_FUNCTION_NAME_RULE, below; its permissions' are POLICY_STATEMENT_RULES.)
 * The construct checks them (canary-function.ts); the canary-function module's inputs declare them
 * (module-builder/definitions/canary-function.ts): a bound changed here changes both.
 */
export const CANARY_FUNCTION_RULES = {
  /** Lambda's memory limits, in MB. */
  memorySizeMb: { min: 128, max: 10_240 },
  /** Lambda's limit, in seconds. */
  timeoutSeconds: { min: 1, max: 900 },
  /** 0 would stop the function. */
  reservedConcurrency: { min: 1 },
  logRetentionInDays: LOG_RETENTION_RULE,
  /** Lambda's limits for an asynchronous invocation's retries. */
  maximumRetryAttempts: { min: 0, max: 2, default: 2 },
  /** Lambda's limits for an asynchronous event's age, in seconds. */
  maximumEventAgeInSeconds: { min: 60, max: 21_600, default: 3600 },
  /** The apply waits at least a minute for the canary's outcome; the default is CanaryDeployment's. */
  deploymentMaxWaitSeconds: { min: 60, default: DEFAULT_MAX_WAIT_SECONDS },
} as const satisfies Record<string, NumberRule>;

/**
 * CanaryFunction's functionName: Lambda's rule is 64 characters, and the function's roles and queue
 * add suffixes (`-dead-letters`, `-execution`). Checked by the construct and declared by the
 * canary-function module's function_name.
 */
export const CANARY_FUNCTION_NAME_RULE: TextRule = awsNameRule(56, "(room is left for the suffixes of its roles and queue)");

/** The deployment configuration a CanaryFunction's module, and config, use unless told: 10 % for five minutes, then the rest. */
export const DEFAULT_DEPLOYMENT_CONFIG_NAME = "CodeDeployDefault.LambdaCanary10Percent5Minutes";
