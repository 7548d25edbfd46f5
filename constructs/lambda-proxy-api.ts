import { Fn, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { acceptSecurityException } from "../security/accept-exception";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";

export const DEFAULT_STAGE_NAME = "v1";
export const DEFAULT_API_LOG_RETENTION_IN_DAYS = 30;

/** A route anyone may call, with no identity: it must serve no caller's data. */
export interface PublicRoute {
  /** One path segment under the root, like `health`. */
  readonly pathPart: string;
  /** Read-only methods only: a public route never changes anything. */
  readonly httpMethod: "GET" | "HEAD";
}

/** Props of a LambdaProxyApi. */
export interface LambdaProxyApiProps {
  /** Names the Terraform addresses (`aws_api_gateway_rest_api.<name>`). */
  readonly name: string;
  /** The REST API's name; also names its log groups. */
  readonly apiName: string;
  /** The REST API's description. */
  readonly description: string;
  /** The function alias every route invokes (the `live` alias, never `$LATEST`). */
  readonly target: { readonly functionName: string; readonly aliasName: string; readonly invokeArn: string };
  /** Callers of every other route need a token from one of these Cognito user pools. */
  readonly userPoolArns: readonly string[];
  /**
   * Routes callable without identity; each must serve no caller's data.
   * @default - none: every route requires an identity
   */
  readonly publicRoutes?: readonly PublicRoute[];
  /**
   * The stage, the first segment of every URL.
   * @default "v1"
   */
  readonly stageName?: string;
  /** Steady-state requests per second and burst, for the whole stage. */
  readonly throttle: { readonly rateLimitPerSecond: number; readonly burstLimit: number };
  /**
   * Days the access and execution log groups keep events.
   * @default 30
   */
  readonly logRetentionInDays?: number;
  /**
   * A KMS key for the API's log groups.
   * @default - the log groups are encrypted with CloudWatch Logs' own key
   */
  readonly logKmsKeyArn?: string;
  /**
   * The account's API Gateway logging setting (ApiGatewayLoggingRole): a stage with logs cannot be
   * created before it exists.
   */
  readonly accountLogging?: ITerraformDependable;
}

/**
 * One access-log line per request, as JSON that CloudWatch Logs Insights parses. The caller's
 * user-pool subject is logged (pseudonymous), never a token, a claim value or the request body.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  extendedRequestId: "$context.extendedRequestId",
  xrayTraceId: "$context.xrayTraceId",
  ip: "$context.identity.sourceIp",
  caller: "$context.authorizer.claims.sub",
  requestTime: "$context.requestTimeEpoch",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integration.latency",
  integrationStatus: "$context.integration.status",
  errorType: "$context.error.responseType",
  errorMessage: "$context.error.message",
});

/**
 * Errors API Gateway answers itself (no token, throttled, integration timeout) in the handlers'
 * format, `{"error":{"code","message"}}`, with the request id, rather than `{"message": …}`.
 */
const GATEWAY_ERROR_TEMPLATE =
  '{"error":{"code":"$context.error.responseType","message":$context.error.messageString},"requestId":"$context.requestId"}';

/**
 * A REST API that hands every request to one Lambda alias by proxy integration (the handler routes),
 * with a Cognito authorizer on every route but the declared public ones, a traced and throttled
 * stage with JSON access logs, and an invoke permission scoped to this API's stage.
 */
export class LambdaProxyApi extends NamingScope {
  /** Known before the API exists, so the account's logging role can be scoped to it. */
  public static accessLogGroupName(apiName: string, stageName = DEFAULT_STAGE_NAME): string {
    return `/aws/apigateway/${apiName}/${stageName}/access`;
  }

  public readonly restApi: ApiGatewayRestApi;
  public readonly stage: ApiGatewayStage;
  public readonly authorizer: ApiGatewayAuthorizer;
  public readonly accessLogGroup: CloudwatchLogGroup;
  /** `https://…/v1`, what callers use. */
  public readonly url: string;
  public readonly stageName: string;

  constructor(scope: Construct, id: string, props: LambdaProxyApiProps) {
    super(scope, id, props);
    if (props.userPoolArns.length === 0) {
      throw new Error(`${this.node.path}: userPoolArns must name at least one user pool, or no caller can be identified`);
    }
    this.stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    const retentionInDays = props.logRetentionInDays ?? DEFAULT_API_LOG_RETENTION_IN_DAYS;

    this.restApi = new ApiGatewayRestApi(this, PRIMARY_RESOURCE_ID, {
      name: props.apiName,
      description: props.description,
      endpointConfiguration: { types: ["REGIONAL"] },
    });

    this.authorizer = new ApiGatewayAuthorizer(this, "authorizer", {
      name: `${props.apiName}-cognito`,
      restApiId: this.restApi.id,
      type: "COGNITO_USER_POOLS",
      providerArns: [...props.userPoolArns],
      identitySource: "method.request.header.Authorization",
    });

    const integrations: ApiGatewayIntegration[] = [];
    const methods: ApiGatewayMethod[] = [];
    const route = (routeId: string, resourceId: string, httpMethod: string, authorized: boolean, proxy: boolean) => {
      const method = new ApiGatewayMethod(this, `${routeId}-method`, {
        restApiId: this.restApi.id,
        resourceId,
        httpMethod,
        authorization: authorized ? "COGNITO_USER_POOLS" : "NONE",
        authorizerId: authorized ? this.authorizer.id : undefined,
        requestParameters: proxy ? { "method.request.path.proxy": true } : undefined,
      });
      if (!authorized) {
        acceptSecurityException(
          method,
          "CKV_AWS_59",
          "a public route (declared in publicRoutes) such as a health probe must answer without an identity; it serves no caller's data",
        );
      }
      methods.push(method);
      integrations.push(
        new ApiGatewayIntegration(this, `${routeId}-integration`, {
          restApiId: this.restApi.id,
          resourceId,
          httpMethod: method.httpMethod,
          type: "AWS_PROXY",
          // Lambda is always invoked with POST, whatever the caller's method.
          integrationHttpMethod: "POST",
          uri: props.target.invokeArn,
        }),
      );
    };

    const proxyResource = new ApiGatewayResource(this, "proxy", {
      restApiId: this.restApi.id,
      parentId: this.restApi.rootResourceId,
      pathPart: "{proxy+}",
    });
    route("proxy", proxyResource.id, "ANY", true, true);
    const resources = [proxyResource];
    for (const publicRoute of props.publicRoutes ?? []) {
      const resource = new ApiGatewayResource(this, publicRoute.pathPart, {
        restApiId: this.restApi.id,
        parentId: this.restApi.rootResourceId,
        pathPart: publicRoute.pathPart,
      });
      resources.push(resource);
      route(`${publicRoute.pathPart}-${publicRoute.httpMethod.toLowerCase()}`, resource.id, publicRoute.httpMethod, false, false);
    }

    const gatewayResponses = (["DEFAULT_4XX", "DEFAULT_5XX"] as const).map(
      (responseType) =>
        new ApiGatewayGatewayResponse(this, responseType.toLowerCase().replace("_", "-"), {
          restApiId: this.restApi.id,
          responseType,
          responseTemplates: { "application/json": GATEWAY_ERROR_TEMPLATE },
          responseParameters: { "gatewayresponse.header.x-request-id": "context.requestId" },
        }),
    );

    // A new deployment whenever a route changes; the stage moves to it, then the old one goes.
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: this.restApi.id,
      triggers: {
        redeployment: Fn.sha1(
          Fn.jsonencode([
            ...resources.map((resource) => resource.id),
            ...methods.map((method) => [method.id, method.authorization]),
            ...integrations.map((integration) => [integration.id, integration.uri]),
            ...gatewayResponses.map((response) => response.id),
            this.authorizer.id,
          ]),
        ),
      },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [...methods, ...integrations, ...gatewayResponses],
    });

    this.accessLogGroup = new CloudwatchLogGroup(this, "access-logs", {
      name: LambdaProxyApi.accessLogGroupName(props.apiName, this.stageName),
      retentionInDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    // API Gateway writes execution logs to a group of this name, creating it without retention if
    // it does not exist; created here, it keeps the same retention and encryption.
    new CloudwatchLogGroup(this, "execution-logs", {
      name: `API-Gateway-Execution-Logs_${this.restApi.id}/${this.stageName}`,
      retentionInDays,
      kmsKeyId: props.logKmsKeyArn,
    });

    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId: this.restApi.id,
      deploymentId: deployment.id,
      stageName: this.stageName,
      xrayTracingEnabled: true,
      accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: ACCESS_LOG_FORMAT },
      // Deliberate exceptions, with reasons:
      // - no cache cluster (checkov CKV_AWS_120): every read is per caller and must be fresh;
      // - no client certificate (CKV2_AWS_51): the integration is Lambda, not an HTTP backend;
      // - no WAF web ACL here (CKV2_AWS_29): WAF is an estate-wide choice with its own cost; associate
      //   one with `stage.arn` (aws_wafv2_web_acl_association) where the estate has it.
      dependsOn: props.accountLogging ? [props.accountLogging] : undefined,
    });

    new ApiGatewayMethodSettings(this, "method-settings", {
      restApiId: this.restApi.id,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      settings: {
        metricsEnabled: true,
        // Errors only: INFO logs every request twice (access logs already do), and data tracing
        // would write request and response bodies, creator data included, to the logs.
        loggingLevel: "ERROR",
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttle.rateLimitPerSecond,
        throttlingBurstLimit: props.throttle.burstLimit,
      },
    });

    // Only this API's stage may invoke the alias, through any method and route.
    new LambdaPermission(this, "invoke-permission", {
      statementId: `AllowInvokeFrom${props.apiName.replace(/[^A-Za-z0-9]/g, "")}`,
      action: "lambda:InvokeFunction",
      functionName: props.target.functionName,
      qualifier: props.target.aliasName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.restApi.executionArn}/${this.stageName}/*/*`,
    });

    this.url = this.stage.invokeUrl;
  }
}
