import { TerraformLocal } from "cdktf";
import { DEFAULT_STAGE_NAME, LambdaProxyApi, type PublicRoute } from "../../constructs/lambda-proxy-api";
import { LIVE_ALIAS_NAME } from "../../constructs/canary-function";
import type { ModuleDefinition } from "../module-definition";
import { LAMBDA_PROXY_API_RULES } from "../../constructs/lambda-proxy-api-rules";
import { textRuleText } from "../../constructs/text-rule";
import { logInputs } from "./log-inputs";
import { numberRuleInput } from "./number-rule-input";
import { listRuleInput, textRuleCondition, textRuleInput } from "./text-rule-input";

export const lambdaProxyApiModule: ModuleDefinition = {
  name: "lambda-proxy-api",
  construct: "LambdaProxyApi",
  summary: `
A regional REST API that hands every request to one Lambda alias by proxy integration (the function
routes), as the read path's API hands reads to its control:

- a **Cognito user-pool authorizer** on every route but the declared public ones (a health probe),
  which must serve no caller's data;
- errors API Gateway answers itself (no token, throttled, timeout) in the functions' JSON format,
  \`{"error":{"code","message"},"requestId"}\`, with an \`x-request-id\` header;
- a stage with X-Ray tracing, throttling, metrics, error-level execution logs and one JSON
  access-log line per request (the caller's user-pool subject, never a token or a body), both
  log groups created with retention;
- a new deployment whenever a route changes, created before the old one goes;
- an invoke permission on the alias for this API's stage only.

**Logging needs the account's setting first.** API Gateway refuses a stage with logs until the
account has a logging role in that region: call the [api-gateway-logging-role](../api-gateway-logging-role)
module once per account and region, with this API's \`lambda_proxy_api_access_log_group_name\`, and
put it in this module's \`depends_on\` (this module reads nothing at plan, so that costs no
unknown values).

Deliberately not here: a cache cluster (each read is per caller and must be fresh), a client
certificate (the integration is Lambda, not an HTTP backend) and a WAF web ACL (an estate-wide
choice with its own cost: associate one with \`lambda_proxy_api_stage_arn\`).`,
  usage: `
module "orders_api" {
  source = "../../lambda-proxy-api"

  api_name                       = "acme-orders"
  function_name                  = module.orders.canary_function_name
  function_alias_invoke_arn      = module.orders.canary_function_alias_invoke_arn
  user_pool_arns                 = [aws_cognito_user_pool.customers.arn]
  public_routes                  = [{ path_part = "health", http_method = "GET" }]
  throttle_rate_limit_per_second = 100
  throttle_burst_limit           = 200

  depends_on = [module.api_logging]
}

# Once per account and region; the access-log group's name written out, as a reference to
# module.orders_api would make a cycle with its depends_on.
module "api_logging" {
  source = "../../api-gateway-logging-role"

  role_name              = "acme-api-gateway-logs"
  access_log_group_names = ["/aws/apigateway/acme-orders/${DEFAULT_STAGE_NAME}/access"]
}`,

  define(stack) {
    // Rules, defaults and messages are the construct's (lambda-proxy-api-rules.ts).
    const rules = LAMBDA_PROXY_API_RULES;
    const apiName = stack.input("api_name", textRuleInput("api_name", rules.apiName, "The REST API's name; also names its authorizer, log groups and invoke permission."));
    const description = stack.input("description", { type: "string", description: "The REST API's description.", default: "" });
    const functionName = stack.input("function_name", { type: "string", description: "The Lambda function every route invokes." });
    const aliasName = stack.input("function_alias_name", {
      type: "string",
      description: "The alias every route invokes (the one a canary shifts), never $LATEST.",
      default: LIVE_ALIAS_NAME,
    });
    const invokeArn = stack.input("function_alias_invoke_arn", {
      type: "string",
      description: "That alias's invoke ARN (aws_lambda_alias.invoke_arn, or the canary-function module's canary_function_alias_invoke_arn).",
    });
    const userPoolArns = stack.input(
      "user_pool_arns",
      listRuleInput("user_pool_arns", rules.userPoolArns, "Cognito user pools whose tokens every route but the public ones requires (in the Authorization header)."),
    );
    stack.input("public_routes", {
      type: "list(object({ path_part = string, http_method = string }))",
      description: "Routes anyone may call without a token, one path segment under the root each (a health probe): each must serve no caller's data.",
      default: [],
      validation: [
        {
          condition: `alltrue([for route in var.public_routes : ${textRuleCondition("route.path_part", rules.publicRoutePathPart)} && ${textRuleCondition("route.http_method", rules.publicRouteHttpMethod)}])`,
          errorMessage: `Every public route's path_part must ${textRuleText(rules.publicRoutePathPart)}, and its http_method ${textRuleText(rules.publicRouteHttpMethod)}.`,
        },
        {
          condition: "length(distinct([for route in var.public_routes : route.path_part])) == length(var.public_routes)",
          errorMessage: "Each public route needs a path_part of its own.",
        },
      ],
    });
    const stageName = stack.input("stage_name", textRuleInput("stage_name", rules.stageName, "The stage: the first segment of every URL."));
    // Bounds, defaults and messages are the construct's (lambda-proxy-api-rules.ts).
    const rateLimit = stack.input(
      "throttle_rate_limit_per_second",
      numberRuleInput(
        "throttle_rate_limit_per_second",
        LAMBDA_PROXY_API_RULES.throttleRateLimitPerSecond,
        "Steady-state requests per second the whole stage accepts; beyond, callers get 429.",
      ),
    );
    const burstLimit = stack.input(
      "throttle_burst_limit",
      numberRuleInput("throttle_burst_limit", LAMBDA_PROXY_API_RULES.throttleBurstLimit, "Requests the stage accepts at once above the steady rate."),
    );
    const { retention, kmsKeyArn } = logInputs(stack, "the API's access and execution log groups", LAMBDA_PROXY_API_RULES.logRetentionInDays);

    // The construct's public routes have its props' keys (read from var.public_routes); the module's input has Terraform's.
    const routes = new TerraformLocal(stack, "routes", "${[for route in var.public_routes : { pathPart = route.path_part, httpMethod = route.http_method }]}");

    const api = new LambdaProxyApi(stack, "this", {
      name: "this",
      apiName: apiName.stringValue,
      description: description.stringValue,
      target: { functionName: functionName.stringValue, aliasName: aliasName.stringValue, invokeArn: invokeArn.stringValue },
      userPoolArns: userPoolArns.listValue,
      publicRoutes: routes.asList as unknown as PublicRoute[],
      stageName: stageName.stringValue,
      throttle: { rateLimitPerSecond: rateLimit.numberValue, burstLimit: burstLimit.numberValue },
      logRetentionInDays: retention.numberValue,
      logKmsKeyArn: kmsKeyArn.stringValue,
    });

    stack.output("lambda_proxy_api_url", { value: api.url, description: "The stage's URL, https://…/<stage>: what callers use." });
    stack.output("lambda_proxy_api_id", { value: api.restApi.id, description: "The REST API's id." });
    stack.output("lambda_proxy_api_execution_arn", { value: api.restApi.executionArn, description: "The REST API's execution ARN, for further invoke permissions." });
    stack.output("lambda_proxy_api_stage_name", { value: api.stage.stageName, description: "The stage's name (the API Gateway metrics' Stage dimension)." });
    stack.output("lambda_proxy_api_stage_arn", { value: api.stage.arn, description: "The stage's ARN, to associate a WAF web ACL." });
    stack.output("lambda_proxy_api_access_log_group_name", {
      value: api.accessLogGroup.name,
      description: "The access-log group, /aws/apigateway/<api_name>/<stage_name>/access. Write that name out in api-gateway-logging-role's access_log_group_names: a reference to this output would make a cycle with depends_on.",
    });
  },
};
