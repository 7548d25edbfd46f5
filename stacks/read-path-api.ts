import { ApiGatewayLoggingRole } from "../constructs/api-gateway-logging-role";
import type { CanaryFunction } from "../constructs/canary-function";
import { LambdaProxyApi } from "../constructs/lambda-proxy-api";
import type { ReadPathContext } from "./read-path-context";

/**
 * The read API, with `entry` as every route's target: the control, which serves each read or hands
 * it to the Prisma candidate; in `direct`, the candidate itself.
 */
export function readApi({ stack, environment, location, names }: ReadPathContext, entry: CanaryFunction, logKmsKeyArn: string | undefined): LambdaProxyApi {
  // An account-wide setting: set here only where the environment's config says this stack owns it.
  const apiLogging =
    environment.api.accountSettings === "manage"
      ? new ApiGatewayLoggingRole(stack, "api-logging", {
          name: "api-logging",
          roleName: `${environment.namePrefix}-api-gateway-logs`,
          partition: location.partition,
          region: location.region,
          accountId: location.accountId,
          accessLogGroupNames: [LambdaProxyApi.accessLogGroupName(names.api)],
        })
      : undefined;
  return new LambdaProxyApi(stack, "api", {
    name: "read-api",
    apiName: names.api,
    description: "Huntaze read API",
    target: {
      functionName: entry.fn.functionName,
      aliasName: entry.alias.name,
      invokeArn: entry.alias.invokeArn,
    },
    userPoolArns: [environment.api.authorizer.userPoolArn],
    publicRoutes: [{ pathPart: "health", httpMethod: "GET" }],
    throttle: environment.api.throttle,
    logRetentionInDays: environment.logRetentionInDays,
    logKmsKeyArn,
    accountLogging: apiLogging?.account,
  });
}
