import { Fn, type ITerraformDependable, type MapTerraformIterator, propertyAccess, TerraformIterator, Token } from "cdktf";
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
import { acceptSecurityException } from "./security-exception";
import { knownAtSynth } from "./known-at-synth";
import { LAMBDA_PROXY_API_RULES } from "./lambda-proxy-api-rules";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { checkNumberRule } from "./number-rule";
import { checkListRule, checkTextRule } from "./text-rule";

export const DEFAULT_STAGE_NAME: string = LAMBDA_PROXY_API_RULES.stageName.default;
export const DEFAULT_API_LOG_RETENTION_IN_DAYS = LAMBDA_PROXY_API_RULES.logRetentionInDays.default;

/** A route anyone may call, with no identity: it must serve no caller's data. */
export interface PublicRoute {
  /** One path segment under the root, like `health`. */
  readonly pathPart: string;
  /** Read-only methods only: a public route never changes anything. */
  readonly httpMethod: "GET" | "HEAD";
}

/** How one route is built. */
interface RouteOptions {
  readonly resourceId: string;
  readonly httpMethod: string;
  /** Behind the Cognito authorizer, or public. */
  readonly authorized: boolean;
  /** The `{proxy+}` route, which passes its path parameter on. */
  readonly proxy: boolean;
  readonly props: LambdaProxyApiProps;
  /** One per key of this iterator (plan-time public routes). */
  readonly forEach?: MapTerraformIterator;
}

/** The public routes' parts, as the deployment hashes them and waits for them. */
interface PublicRouteSet {
  readonly resourceIds: unknown[];
  readonly methodIds: unknown[];
  readonly integrationIds: unknown[];
  readonly methods: ApiGatewayMethod[];
  readonly integrations: ApiGatewayIntegration[];
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
   * Routes callable without identity; each must serve no caller's data. Each path part names its
   * resources; a list Terraform knows only at plan (objects with these keys) becomes `for_each`
   * resources keyed by path part.
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
  /** Lets the stage invoke the target alias; every integration waits for it. */
  public readonly invokePermission: LambdaPermission;
  /** `https://…/v1`, what callers use. */
  public readonly url: string;
  public readonly stageName: string;

  constructor(scope: Construct, id: string, props: LambdaProxyApiProps) {
    super(scope, id, props);
    const rules = LAMBDA_PROXY_API_RULES;
    checkTextRule(this.node.path, "apiName", rules.apiName, props.apiName);
    checkTextRule(this.node.path, "stageName", rules.stageName, props.stageName);
    checkListRule(this.node.path, "userPoolArns", rules.userPoolArns, props.userPoolArns);
    checkPublicRoutes(this.node.path, props.publicRoutes);
    this.stageName = props.stageName ?? DEFAULT_STAGE_NAME;
    checkNumberRule(this.node.path, "throttle.rateLimitPerSecond", LAMBDA_PROXY_API_RULES.throttleRateLimitPerSecond, props.throttle.rateLimitPerSecond);
    checkNumberRule(this.node.path, "throttle.burstLimit", LAMBDA_PROXY_API_RULES.throttleBurstLimit, props.throttle.burstLimit);
    checkNumberRule(this.node.path, "logRetentionInDays", LAMBDA_PROXY_API_RULES.logRetentionInDays, props.logRetentionInDays);
    const retentionInDays = props.logRetentionInDays ?? LAMBDA_PROXY_API_RULES.logRetentionInDays.default;

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

    // Only this API's stage may invoke the alias, through any method and route. Every attribute of a
    // permission forces its replacement: when the target moves to another function, the new
    // permission exists before the integrations (which depend on it) point there, and the old one
    // goes only after the stage (which depends on it too) has moved to them. The statement id names the API alone, so it is free on the new target
    // (on the same target it would collide, but nothing the construct sets replaces the REST API).
    this.invokePermission = new LambdaPermission(this, "invoke-permission", {
      statementId: `AllowInvokeFrom${lettersAndDigits(props.apiName)}`,
      action: "lambda:InvokeFunction",
      functionName: props.target.functionName,
      qualifier: props.target.aliasName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.restApi.executionArn}/${this.stageName}/*/*`,
      lifecycle: { createBeforeDestroy: true },
    });

    const proxyResource = new ApiGatewayResource(this, "proxy", {
      restApiId: this.restApi.id,
      parentId: this.restApi.rootResourceId,
      pathPart: "{proxy+}",
    });
    const proxyRoute = this.route("proxy", { resourceId: proxyResource.id, httpMethod: "ANY", authorized: true, proxy: true, props });
    const publicRoutes = props.publicRoutes ?? [];
    const routes = knownAtSynth(publicRoutes) ? this.literalPublicRoutes(publicRoutes, props) : this.planTimePublicRoutes(publicRoutes, props);

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
            proxyResource.id,
            ...routes.resourceIds,
            [proxyRoute.method.id, proxyRoute.method.authorization],
            ...routes.methodIds,
            [proxyRoute.integration.id, proxyRoute.integration.uri],
            ...routes.integrationIds,
            ...gatewayResponses.map((response) => response.id),
            this.authorizer.id,
          ]),
        ),
      },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [proxyRoute.method, ...routes.methods, proxyRoute.integration, ...routes.integrations, ...gatewayResponses],
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
      // The stage moves callers to a new deployment: a replaced permission's old grant goes only after that.
      dependsOn: [this.invokePermission, ...(props.accountLogging ? [props.accountLogging] : [])],
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

    this.url = this.stage.invokeUrl;
  }

  /** A method on `resourceId` and its Lambda proxy integration to the target alias. */
  private route(routeId: string, options: RouteOptions): { method: ApiGatewayMethod; integration: ApiGatewayIntegration } {
    const method = new ApiGatewayMethod(this, `${routeId}-method`, {
      forEach: options.forEach,
      restApiId: this.restApi.id,
      resourceId: options.resourceId,
      httpMethod: options.httpMethod,
      authorization: options.authorized ? "COGNITO_USER_POOLS" : "NONE",
      authorizerId: options.authorized ? this.authorizer.id : undefined,
      requestParameters: options.proxy ? { "method.request.path.proxy": true } : undefined,
    });
    if (!options.authorized) {
      acceptSecurityException(
        method,
        "CKV_AWS_59",
        "a public route (declared in publicRoutes) such as a health probe must answer without an identity; it serves no caller's data",
      );
    }
    const integration = new ApiGatewayIntegration(this, `${routeId}-integration`, {
      forEach: options.forEach,
      restApiId: this.restApi.id,
      resourceId: options.resourceId,
      // A reference to the method, so that Terraform creates it first.
      httpMethod: options.forEach ? Token.asString(propertyAccess(method, [options.forEach.key, "http_method"])) : method.httpMethod,
      type: "AWS_PROXY",
      // Lambda is always invoked with POST, whatever the caller's method.
      integrationHttpMethod: "POST",
      uri: options.props.target.invokeArn,
      // An integration never points at an alias API Gateway may not yet invoke.
      dependsOn: [this.invokePermission],
    });
    return { method, integration };
  }

  /** Public routes written out one by one: addresses `aws_api_gateway_resource.<name>_<pathPart>`. */
  private literalPublicRoutes(publicRoutes: readonly PublicRoute[], props: LambdaProxyApiProps): PublicRouteSet {
    const set = { resourceIds: [] as string[], methodIds: [] as unknown[], integrationIds: [] as unknown[], methods: [] as ApiGatewayMethod[], integrations: [] as ApiGatewayIntegration[] };
    for (const publicRoute of publicRoutes) {
      const resource = new ApiGatewayResource(this, publicRoute.pathPart, {
        restApiId: this.restApi.id,
        parentId: this.restApi.rootResourceId,
        pathPart: publicRoute.pathPart,
      });
      const routeId = `${publicRoute.pathPart}-${publicRoute.httpMethod.toLowerCase()}`;
      const { method, integration } = this.route(routeId, { resourceId: resource.id, httpMethod: publicRoute.httpMethod, authorized: false, proxy: false, props });
      set.resourceIds.push(resource.id);
      set.methodIds.push([method.id, method.authorization]);
      set.integrationIds.push([integration.id, integration.uri]);
      set.methods.push(method);
      set.integrations.push(integration);
    }
    return set;
  }

  /**
   * Public routes Terraform knows only at plan (a module's input): one `for_each` resource, method
   * and integration, keyed by path part. The list's objects have the PublicRoute's keys.
   */
  private planTimePublicRoutes(publicRoutes: readonly PublicRoute[], props: LambdaProxyApiProps): PublicRouteSet {
    const byPathPart = TerraformIterator.fromComplexList(Token.asAny(publicRoutes), "pathPart");
    const resource = new ApiGatewayResource(this, "public", {
      forEach: byPathPart,
      restApiId: this.restApi.id,
      parentId: this.restApi.rootResourceId,
      pathPart: byPathPart.getString("pathPart"),
    });
    const { method, integration } = this.route("public", {
      forEach: byPathPart,
      resourceId: Token.asString(propertyAccess(resource, [byPathPart.key, "id"])),
      httpMethod: byPathPart.getString("httpMethod"),
      authorized: false,
      proxy: false,
      props,
    });
    const ids = (routed: ApiGatewayResource | ApiGatewayMethod | ApiGatewayIntegration) => TerraformIterator.fromResources(routed).pluckProperty("id");
    return {
      resourceIds: [ids(resource)],
      methodIds: [ids(method)],
      integrationIds: [ids(integration)],
      methods: [method],
      integrations: [integration],
    };
  }
}

/** `name` without what a statement id may not hold (only letters and digits remain). */
function lettersAndDigits(name: string): string {
  return knownAtSynth(name) ? name.replace(/[^A-Za-z0-9]/g, "") : Fn.replace(name, "/[^A-Za-z0-9]/", "");
}

/** Each public route known at synth keeps its rules, and has a path of its own. */
function checkPublicRoutes(path: string, routes: readonly PublicRoute[] | undefined): void {
  if (routes === undefined || !knownAtSynth(routes)) return;
  const paths = new Set<string>();
  routes.forEach((route, index) => {
    checkTextRule(path, `publicRoutes[${index}].pathPart`, LAMBDA_PROXY_API_RULES.publicRoutePathPart, route.pathPart);
    checkTextRule(path, `publicRoutes[${index}].httpMethod`, LAMBDA_PROXY_API_RULES.publicRouteHttpMethod, route.httpMethod);
    if (paths.has(route.pathPart)) throw new Error(`${path}: publicRoutes[${index}].pathPart "${route.pathPart}" is given twice; each public route needs a path of its own`);
    paths.add(route.pathPart);
  });
}
