import { LOG_RETENTION_RULE, type NumberRule } from "./number-rule";
import { awsNameRule, type ListRule, type TextRule } from "./text-rule";

/**
 * LambdaProxyApi's props' rules and defaults, in one place: checked by the construct (lambda-proxy-api.ts) and
 * declared by its module's inputs (module-builder/definitions/lambda-proxy-api.ts).
 */
export const LAMBDA_PROXY_API_RULES = {
  /** Steady-state requests per second the stage accepts; 0 would refuse every request. */
  throttleRateLimitPerSecond: { fractional: true, above: 0 },
  /** Requests the stage accepts at once above the steady rate. */
  throttleBurstLimit: { min: 1 },
  logRetentionInDays: LOG_RETENTION_RULE,
  /** API Gateway's limit on a REST API's name, within AWS's common name rule. */
  apiName: awsNameRule(128),
  /** The first segment of every URL. */
  stageName: { ...awsNameRule(128), default: "v1" },
  /** Without one, no caller can be identified: every route but the public ones would refuse all. */
  userPoolArns: { minItems: 1, itemName: "user pool", why: ", or no caller can be identified" },
  /** A public route is one path segment under the root. */
  publicRoutePathPart: { pattern: "^[A-Za-z0-9._-]+$", must: "be one path segment (letters, digits, ._-)" },
  /** A public route only reads. */
  publicRouteHttpMethod: { oneOf: ["GET", "HEAD"] },
} as const satisfies Record<string, NumberRule | TextRule | ListRule>;
