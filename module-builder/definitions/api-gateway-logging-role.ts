import { ApiGatewayLoggingRole } from "../../constructs/api-gateway-logging-role";
import { API_GATEWAY_LOGGING_ROLE_RULES } from "../../constructs/api-gateway-logging-role-rules";
import type { ModuleDefinition } from "../module-definition";
import { listRuleInput, textRuleInput } from "./text-rule-input";

export const apiGatewayLoggingRoleModule: ModuleDefinition = {
  name: "api-gateway-logging-role",
  construct: "ApiGatewayLoggingRole",
  summary: `
The role API Gateway uses to write REST API stages' execution and access logs, set as the account's
API Gateway logging role (\`aws_api_gateway_account\`) in the caller's region. A stage with logging
cannot be created before this setting exists: make the stage depend on \`api_gateway_logging_role_account_id\`.

Its policy allows the execution-log groups API Gateway names itself (\`API-Gateway-Execution-Logs_*\`)
and the access-log groups named here, instead of AWS's managed AmazonAPIGatewayPushToCloudWatchLogs,
which allows every log group of the account.

**One per account and region.** \`aws_api_gateway_account\` is a setting of the whole account in a
region, not a resource of its own: two configurations that both manage it overwrite each other's
role. Use this module in exactly one place per account and region, with every API's access-log group.`,
  usage: `
module "api_logging" {
  source = "../../api-gateway-logging-role"

  role_name              = "acme-api-gateway-logs"
  access_log_group_names = ["/aws/apigateway/acme-orders/v1/access"]
}`,

  define(stack) {
    // Rules, defaults and messages are the construct's (api-gateway-logging-role-rules.ts).
    const rules = API_GATEWAY_LOGGING_ROLE_RULES;
    const roleName = stack.input("role_name", textRuleInput("role_name", rules.roleName, "The IAM role's name."));
    const accessLogGroupNames = stack.input(
      "access_log_group_names",
      listRuleInput(
        "access_log_group_names",
        rules.accessLogGroupNames,
        "The access-log groups the account's stages write to (a stage's access_log_settings destination), by name.",
      ),
    );

    const logging = new ApiGatewayLoggingRole(stack, "this", {
      name: "this",
      roleName: roleName.stringValue,
      partition: stack.partition,
      region: stack.region,
      accountId: stack.accountId,
      accessLogGroupNames: accessLogGroupNames.listValue,
    });

    stack.output("api_gateway_logging_role_arn", { value: logging.role.arn, description: "The role's ARN." });
    stack.output("api_gateway_logging_role_account_id", {
      value: logging.account.id,
      description: "The account setting's id: a stage with logs must depend on it (depends_on, or a reference).",
    });
  },
};
