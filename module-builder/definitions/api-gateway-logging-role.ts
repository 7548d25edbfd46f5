import { ApiGatewayLoggingRole } from "../../constructs/api-gateway-logging-role";
import type { ModuleDefinition } from "../module-definition";

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
    const roleName = stack.input("role_name", {
      type: "string",
      description: "The IAM role's name.",
      validation: [
        {
          condition: 'can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))',
          errorMessage: "role_name must be 1-64 characters of letters, digits and +=,.@_- (IAM's rule).",
        },
      ],
    });
    const accessLogGroupNames = stack.input("access_log_group_names", {
      type: "list(string)",
      description: "The access-log groups the account's stages write to (a stage's access_log_settings destination), by name.",
      default: [],
      validation: [
        {
          condition: 'alltrue([for name in var.access_log_group_names : can(regex("^[A-Za-z0-9_./#-]{1,512}$", name))])',
          errorMessage: "Every entry of access_log_group_names must be a log group's name (1-512 of letters, digits and _-./#), not an ARN.",
        },
      ],
    });

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
