import { Fn, Token } from "cdktf";
import type { Construct } from "constructs";
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { API_GATEWAY_LOGGING_ROLE_RULES } from "./api-gateway-logging-role-rules";
import { allowPolicyDocument, unscopedServiceTrustDocument } from "./iam-policy";
import { knownAtSynth } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { checkListRule, checkTextRule } from "./text-rule";

/** Props of an ApiGatewayLoggingRole. */
export interface ApiGatewayLoggingRoleProps {
  /** Names the Terraform addresses (`aws_api_gateway_account.<name>`). */
  readonly name: string;
  /** The IAM role's name. */
  readonly roleName: string;
  /** The AWS partition (`aws`), for the log groups' ARNs. */
  readonly partition: string;
  /** The region whose API Gateway account setting this is. */
  readonly region: string;
  /** The account whose API Gateway account setting this is. */
  readonly accountId: string;
  /** Names of the access-log groups stages write to (see LambdaProxyApi.accessLogGroupName). */
  readonly accessLogGroupNames: readonly string[];
}

/**
 * The role API Gateway uses, account-wide in a region, to write stages' execution and access logs.
 * There is one such setting per account and region (aws_api_gateway_account): only one stack in
 * an account may manage it. Here each environment owns its account, so its stack does.
 */
export class ApiGatewayLoggingRole extends NamingScope {
  public readonly account: ApiGatewayAccount;
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ApiGatewayLoggingRoleProps) {
    super(scope, id, props);
    checkTextRule(this.node.path, "roleName", API_GATEWAY_LOGGING_ROLE_RULES.roleName, props.roleName);
    checkListRule(this.node.path, "accessLogGroupNames", API_GATEWAY_LOGGING_ROLE_RULES.accessLogGroupNames, props.accessLogGroupNames);
    const logGroups = `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group`;

    this.role = new IamRole(this, "role", {
      name: props.roleName,
      // Deliberate exception to scoped service trust: API Gateway does not put aws:SourceAccount in
      // the requests it assumes roles with (seen denied for its integration roles:
      // aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws#479), and
      // AWS's own example of this role has no condition. With one, setting the account's logging
      // role fails ("does not have required permissions") or logs stop. The role writes only this
      // account's API log groups.
      assumeRolePolicy: unscopedServiceTrustDocument(this, "trust", "apigateway.amazonaws.com").json,
    });
    // Instead of the managed AmazonAPIGatewayPushToCloudWatchLogs, which allows any log group:
    // the execution-log groups API Gateway names after each API, and the declared access-log groups.
    const policy = new IamRolePolicy(this, "policy", {
      name: "write-api-logs",
      role: this.role.id,
      policy: allowPolicyDocument(this, "permissions", [
        {
          sid: "FindLogGroups",
          actions: ["logs:DescribeLogGroups"],
          resources: [`${logGroups}:*`],
        },
        {
          sid: "WriteApiLogs",
          actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
          resources: logWriteResources(props),
        },
      ]).json,
    });

    this.account = new ApiGatewayAccount(this, PRIMARY_RESOURCE_ID, {
      cloudwatchRoleArn: this.role.arn,
      dependsOn: [policy],
    });
  }
}

/**
 * The execution-log groups API Gateway names after each API, and each access-log group with its
 * streams (`…:*`). A list of names known at synth is written out; a list Terraform knows only at
 * plan (a module's input) becomes `formatlist` expressions.
 */
function logWriteResources(props: ApiGatewayLoggingRoleProps): string[] {
  const logGroups = `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group`;
  const executionLogs = `${logGroups}:API-Gateway-Execution-Logs_*`;
  const names = props.accessLogGroupNames;
  if (knownAtSynth(names)) return [executionLogs, ...names.flatMap((name) => [`${logGroups}:${name}`, `${logGroups}:${name}:*`])];
  // formatlist repeats its scalar arguments for every name (a template inside it would not render).
  const arns = (suffix: string) => Fn.formatlist(`arn:%s:logs:%s:%s:log-group:%s${suffix}`, [props.partition, props.region, props.accountId, names]);
  return Token.asList(Fn.concat([[executionLogs], arns(""), arns(":*")]));
}
