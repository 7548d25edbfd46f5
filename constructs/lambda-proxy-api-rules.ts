import { LOG_RETENTION_RULE, type NumberRule } from "./number-rule";

/**
 * LambdaProxyApi's number props, in one place: checked by the construct (lambda-proxy-api.ts) and
 * declared by its module's inputs (module-builder/definitions/lambda-proxy-api.ts).
 */
export const LAMBDA_PROXY_API_RULES = {
  /** Steady-state requests per second the stage accepts; 0 would refuse every request. */
  throttleRateLimitPerSecond: { fractional: true, above: 0 },
  /** Requests the stage accepts at once above the steady rate. */
  throttleBurstLimit: { min: 1 },
  logRetentionInDays: LOG_RETENTION_RULE,
} as const satisfies Record<string, NumberRule>;
