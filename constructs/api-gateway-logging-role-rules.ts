import type { ListRule, TextRule } from "./text-rule";

/**
 * ApiGatewayLoggingRole's props: their rules and the defaults its module's inputs take, in one
 * place. The construct checks them (api-gateway-logging-role.ts); the api-gateway-logging-role
 * module declares them as its inputs (module-builder/definitions/api-gateway-logging-role.ts).
 */
export const API_GATEWAY_LOGGING_ROLE_RULES = {
  roleName: { pattern: "^[A-Za-z0-9+=,.@_-]{1,64}$", must: "be 1-64 characters of letters, digits and +=,.@_- (IAM's rule)" },
  /** Names, not ARNs: the policy builds each group's ARN, and its streams', from them. */
  accessLogGroupNames: {
    each: { pattern: "^[A-Za-z0-9_./#-]{1,512}$", must: "be a log group's name (1-512 of letters, digits and _-./#), not an ARN" },
    default: [],
  },
} as const satisfies Record<string, TextRule | ListRule>;
