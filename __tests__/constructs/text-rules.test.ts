import { TerraformVariable } from "cdktf";
import { AlertTopic, type AlertTopicProps } from "../../constructs/alert-topic";
import { ApiGatewayLoggingRole, type ApiGatewayLoggingRoleProps } from "../../constructs/api-gateway-logging-role";
import { CanaryFunction, type CanaryFunctionProps } from "../../constructs/canary-function";
import { LambdaProxyApi, type LambdaProxyApiProps } from "../../constructs/lambda-proxy-api";
import { PostgresDatabase, type PostgresDatabaseProps } from "../../constructs/postgres-database";
import { ReadPathDashboard, type ReadPathDashboardProps } from "../../constructs/read-path-dashboard";
import { ReadPathFlag, type ReadPathFlagProps } from "../../constructs/read-path-flag";
import { StateBucket, type StateBucketProps } from "../../constructs/state-bucket";
import { checkListRule, keepsTextRule, textRuleText } from "../../constructs/text-rule";
import { listRuleValidations, textRuleCondition } from "../../module-builder/definitions/text-rule-input";
import { stackWithAwsProvider } from "../support/synth";
import { validCanaryFunctionProps } from "../support/canary-function-props";
import { VALID_POSTGRES_DATABASE_PROPS } from "../support/postgres-database-props";

const ALARM = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:candidate-errors";

function database(overrides: Partial<PostgresDatabaseProps>) {
  return () =>
    new PostgresDatabase(stackWithAwsProvider(), "database", { ...VALID_POSTGRES_DATABASE_PROPS, ...overrides });
}

function flag(overrides: Partial<ReadPathFlagProps>) {
  return () =>
    new ReadPathFlag(stackWithAwsProvider(), "flag", {
      name: "flag",
      applicationName: "huntaze-read-path",
      environmentName: "prod",
      value: { mode: "percentage", percentage: 10 },
      rollout: { growthType: "LINEAR", growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 },
      monitorAlarmArns: [ALARM],
      accountId: "123456789012",
      ...overrides,
    });
}

function alertTopic(overrides: Partial<AlertTopicProps>) {
  return () =>
    new AlertTopic(stackWithAwsProvider(), "alerts", {
      name: "alerts",
      topicName: "huntaze-read-path-alerts",
      emails: ["oncall@example.com"],
      accountId: "123456789012",
      partition: "aws",
      ...overrides,
    });
}

function loggingRole(overrides: Partial<ApiGatewayLoggingRoleProps>) {
  return () =>
    new ApiGatewayLoggingRole(stackWithAwsProvider(), "api-logging", {
      name: "api-logging",
      roleName: "huntaze-api-gateway-logs",
      partition: "aws",
      region: "eu-west-1",
      accountId: "123456789012",
      accessLogGroupNames: ["/aws/apigateway/huntaze-read-api/v1/access"],
      ...overrides,
    });
}

function stateBucket(overrides: Partial<StateBucketProps>) {
  return () =>
    new StateBucket(stackWithAwsProvider(), "state", {
      name: "terraform-state",
      bucketName: "acme-tfstate-123456789012-eu-west-1",
      kmsKeyAliasName: "alias/acme-terraform-state",
      ...overrides,
    });
}

function dashboard(overrides: Partial<ReadPathDashboardProps>) {
  return () =>
    new ReadPathDashboard(stackWithAwsProvider(), "dashboard", {
      name: "dashboard",
      dashboardName: "huntaze-read-path",
      region: "eu-west-1",
      functions: [],
      api: { apiName: "huntaze-read-api", stageName: "v1" },
      alarmArns: [ALARM],
      ...overrides,
    });
}

function canaryFunction(overrides: Partial<CanaryFunctionProps>) {
  return () =>
    new CanaryFunction(stackWithAwsProvider(), "read", { ...validCanaryFunctionProps(), ...overrides });
}

function api(overrides: Partial<LambdaProxyApiProps>) {
  return () =>
    new LambdaProxyApi(stackWithAwsProvider(), "api", {
      name: "api",
      apiName: "huntaze-read-api",
      description: "",
      target: { functionName: "f", aliasName: "live", invokeArn: "arn" },
      userPoolArns: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"],
      throttle: { rateLimitPerSecond: 10, burstLimit: 20 },
      ...overrides,
    });
}

describe("text rules: one table per construct, checked at synth and declared in its module", () => {
  it("writes the same rule as the construct's check and as the module's HCL condition", () => {
    const rule = { pattern: "^[a-z][a-z0-9-]{0,62}$", maxLength: 20, reservedPrefix: "aws-", must: "be a name" };
    expect(textRuleCondition("var.x", rule)).toBe('can(regex("^[a-z][a-z0-9-]{0,62}$", var.x)) && length(var.x) <= 20 && !startswith(var.x, "aws-")');
    expect(["orders", "Orders", "orders-of-twenty-ones", "aws-orders", ""].map((value) => keepsTextRule(rule, value))).toEqual([true, false, false, false, false]);

    const modes = { oneOf: ["off", "all"] };
    expect(textRuleText(modes)).toBe("be off or all");
    expect(textRuleCondition("var.mode", modes)).toBe('contains(["off", "all"], var.mode)');
    // A template sequence in a pattern stays literal in HCL.
    expect(textRuleCondition("var.x", { pattern: "^[${]+$", must: "be dollars and braces" })).toBe('can(regex("^[$${]+$", var.x))');
  });

  it("writes a list's count and each entry's rule as two validations", () => {
    const rule = { minItems: 1, maxItems: 5, itemsName: "alarms", why: "(AppConfig watches at most 5)", each: { pattern: "^arn:", must: "be an ARN" } };
    expect(listRuleValidations("arns", rule)).toEqual([
      { condition: "length(var.arns) >= 1 && length(var.arns) <= 5", errorMessage: "arns must name 1-5 alarms (AppConfig watches at most 5)." },
      { condition: 'alltrue([for entry in var.arns : can(regex("^arn:", entry))])', errorMessage: "Every entry of arns must be an ARN." },
    ]);
    expect(() => checkListRule("scope", "arns", rule, [ALARM, "alarm"])).toThrow('scope: arns[1] must be an ARN, got "alarm"');
    expect(() => checkListRule("scope", "arns", rule, [])).toThrow("scope: arns must name 1-5 alarms (AppConfig watches at most 5), got 0");
  });

  it.each([
    [{ instanceIdentifier: "Huntaze_DB" }, 'instanceIdentifier must be 1-63 lower-case letters, digits or hyphens, starting with a letter, got "Huntaze_DB"'],
    [{ instanceClass: "t4g.medium" }, 'instanceClass must look like db.t4g.medium, got "t4g.medium"'],
    [{ engineVersion: "17.x" }, 'engineVersion must look like 17 or 17.2, got "17.x"'],
    [{ databaseName: "read-path" }, 'databaseName must be a lower-case PostgreSQL identifier, got "read-path"'],
    [{ masterUsername: "Admin" }, 'masterUsername must be a lower-case PostgreSQL identifier, got "Admin"'],
    [{ subnetIds: ["subnet-0aaaaaaaaaaaaaaaa"] }, "subnetIds must name at least 2 subnets (RDS needs two availability zones), got 1"],
    [{ allocatedStorageGb: 10 }, "allocatedStorageGb must be a whole number from 20 to 65536, got 10"],
    [{ maxAllocatedStorageGb: 21 }, "maxAllocatedStorageGb must be at least 22 (RDS requires 10 % above allocatedStorageGb, 20), got 21"],
    [{ maxAllocatedStorageGb: 100_000 }, "maxAllocatedStorageGb must be a whole number from 20 to 65536, got 100000"],
    [{ backupRetentionDays: 0 }, "backupRetentionDays must be a whole number from 1 to 35, got 0"],
    [{ performanceInsightsRetentionDays: 30 }, "performanceInsightsRetentionDays must be one Performance Insights keeps (7, 31, 62,"],
    [{ logMinDurationStatementMs: 0.5 }, "logMinDurationStatementMs must be a whole number from -1 to 2147483647, got 0.5"],
    [{ secretRotationDays: 400 }, "secretRotationDays must be a whole number from 1 to 365, got 400"],
    [{ monitoringIntervalSeconds: 0 }, "monitoringIntervalSeconds must be one enhanced monitoring offers (1, 5, 10, 15, 30, 60), got 0"],
  ])("PostgresDatabase refuses %j, naming the prop and the value", (overrides, message) => {
    expect(database(overrides)).toThrow(`database: ${message}`);
  });

  it("PostgresDatabase builds with valid props, and leaves values known only at plan to its module", () => {
    expect(database({})).not.toThrow();
    const stack = stackWithAwsProvider();
    const identifier = new TerraformVariable(stack, "identifier", { type: "string" });
    const storage = new TerraformVariable(stack, "storage", { type: "number" });
    const subnets = new TerraformVariable(stack, "subnets", { type: "list(string)" });
    expect(database({ instanceIdentifier: identifier.stringValue, allocatedStorageGb: storage.numberValue, subnetIds: subnets.listValue })).not.toThrow();
  });

  it.each([
    [{ applicationName: "huntaze read path" }, 'applicationName must be 1-45 letters, digits, hyphens or underscores (its role\'s name adds 19 characters, within IAM\'s 64), got "huntaze read path"'],
    [{ applicationName: "a".repeat(46) }, "applicationName must be 1-45 letters"],
    [{ environmentName: "prod/eu" }, 'environmentName must be letters, digits, hyphens or underscores, got "prod/eu"'],
    [
      { applicationName: "a".repeat(45), environmentName: "an-environment-name" },
      "applicationName with environmentName must fit the rollout strategy's name, <application>-<environment>-rollout, in AppConfig's 64 characters",
    ],
    [{ value: { mode: "half" as never, percentage: 10 } }, 'value.mode must be off, shadow, percentage or all, got "half"'],
    [{ value: { mode: "percentage" as const, percentage: 12.5 } }, "value.percentage must be a whole number of percent from 0 to 100, got 12.5"],
    [
      { rollout: { growthType: "STEP" as never, growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 } },
      'rollout.growthType must be LINEAR or EXPONENTIAL, got "STEP"',
    ],
    [
      { rollout: { growthType: "LINEAR" as const, growthFactorPercent: 0.5, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 } },
      "rollout.growthFactorPercent must be a number from 1 to 100, got 0.5",
    ],
    [
      { rollout: { growthType: "LINEAR" as const, growthFactorPercent: 100, deploymentDurationInMinutes: 1441, finalBakeTimeInMinutes: 0 } },
      "rollout.deploymentDurationInMinutes must be a whole number from 0 to 1440, got 1441",
    ],
    [
      { rollout: { growthType: "LINEAR" as const, growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: -1 } },
      "rollout.finalBakeTimeInMinutes must be a whole number from 0 to 1440, got -1",
    ],
    [{ monitorAlarmArns: Array.from({ length: 6 }, () => ALARM) }, "monitorAlarmArns must name 1-5 alarms (AppConfig watches at most 5), got 6"],
    [{ monitorAlarmArns: [] }, "monitorAlarmArns must name 1-5 alarms (AppConfig watches at most 5), got 0"],
  ])("ReadPathFlag refuses %j, naming the prop and the value", (overrides, message) => {
    expect(flag(overrides)).toThrow(`flag: ${message}`);
  });

  it("ReadPathFlag takes every mode of the contract, shadow included", () => {
    for (const mode of ["off", "shadow", "percentage", "all"] as const) expect(flag({ value: { mode, percentage: 5 } })).not.toThrow();
  });

  it.each([
    [{ topicName: "huntaze alerts" }, 'topicName must be 1-256 letters, digits, hyphens or underscores, got "huntaze alerts"'],
    [{ emails: ["oncall@example.com", "oncall"] }, 'emails[1] must be an e-mail address, got "oncall"'],
  ])("AlertTopic refuses %j, naming the prop and the value", (overrides, message) => {
    expect(alertTopic(overrides)).toThrow(`alerts: ${message}`);
  });

  it.each([
    [{ roleName: "huntaze/api-logs" }, 'roleName must be 1-64 characters of letters, digits and +=,.@_- (IAM\'s rule), got "huntaze/api-logs"'],
    [
      { accessLogGroupNames: ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/access"] },
      'accessLogGroupNames[0] must be a log group\'s name (1-512 of letters, digits and _-./#), not an ARN, got "arn:aws:logs:',
    ],
  ])("ApiGatewayLoggingRole refuses %j, naming the prop and the value", (overrides, message) => {
    expect(loggingRole(overrides)).toThrow(`api-logging: ${message}`);
  });

  it.each([
    [{ bucketName: "Acme_TFState" }, 'bucketName must be 3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit, got "Acme_TFState"'],
    [{ kmsKeyAliasName: "acme-terraform-state" }, 'kmsKeyAliasName must look like alias/<name>, and not use the reserved alias/aws/ prefix, got "acme-terraform-state"'],
    [{ kmsKeyAliasName: "alias/aws/s3" }, 'kmsKeyAliasName must look like alias/<name>, and not use the reserved alias/aws/ prefix, got "alias/aws/s3"'],
    [{ noncurrentVersionRetentionDays: 0 }, "noncurrentVersionRetentionDays must be a whole number of at least 1, got 0"],
    [{ lockTableName: "tf" }, 'lockTableName must be 3-255 letters, digits, underscores, dots or hyphens (DynamoDB\'s rule), got "tf"'],
    [{ accountRootArn: "arn:aws:iam::123456789012:user/admin" }, 'accountRootArn must be arn:<partition>:iam::<account id>:root, got "arn:aws:iam::123456789012:user/admin"'],
    [{ kmsKeyPolicyStatements: [{ actions: ["kms:Decrypt"], resources: ["*"] }] }, "accountRootArn must be given with kmsKeyPolicyStatements"],
  ])("StateBucket refuses %j, naming the prop and the value", (overrides, message) => {
    expect(stateBucket(overrides)).toThrow(`state: ${message}`);
  });

  it.each([
    [{ dashboardName: "huntaze read path" }, 'dashboardName must be 1-255 letters, digits, hyphens or underscores (CloudWatch\'s rule), got "huntaze read path"'],
    [{ alarmArns: [] }, "alarmArns must name 1-100 alarms (an alarm widget shows at most 100), got 0"],
  ])("ReadPathDashboard refuses %j, naming the prop and the value", (overrides, message) => {
    expect(dashboard(overrides)).toThrow(`dashboard: ${message}`);
  });

  it("AlertTopic, ApiGatewayLoggingRole, StateBucket and ReadPathDashboard build with valid props", () => {
    for (const build of [alertTopic({}), loggingRole({}), stateBucket({ lockTableName: "acme-terraform-locks" }), dashboard({})]) expect(build).not.toThrow();
  });

  it.each([
    [{ functionName: "a".repeat(57) }, "functionName must be 1-56 letters, digits, hyphens or underscores (room is left for the suffixes of its roles and queue)"],
    [{ permissions: [{ sid: "read-orders", actions: ["dynamodb:GetItem"], resources: ["*"] }] }, 'statement sid must be letters and digits only (IAM\'s rule), got "read-orders"'],
    [
      {
        permissions: [
          { sid: "ReadOrders", actions: ["dynamodb:GetItem"], resources: ["*"] },
          { sid: "ReadOrders", actions: ["dynamodb:Query"], resources: ["*"] },
        ],
      },
      'statement sid "ReadOrders" is given twice',
    ],
  ])("CanaryFunction refuses %j, naming the prop and the value", (overrides, message) => {
    expect(canaryFunction(overrides)).toThrow(`read: ${message}`);
  });

  it.each([
    [{ apiName: "huntaze read api" }, 'apiName must be 1-128 letters, digits, hyphens or underscores, got "huntaze read api"'],
    [{ stageName: "v1/beta" }, 'stageName must be 1-128 letters, digits, hyphens or underscores, got "v1/beta"'],
    [{ userPoolArns: [] }, "userPoolArns must name at least one user pool, or no caller can be identified, got 0"],
    [{ publicRoutes: [{ pathPart: "health/deep", httpMethod: "GET" as const }] }, 'publicRoutes[0].pathPart must be one path segment (letters, digits, ._-), got "health/deep"'],
    [{ publicRoutes: [{ pathPart: "health", httpMethod: "POST" as never }] }, 'publicRoutes[0].httpMethod must be GET or HEAD, got "POST"'],
    [
      { publicRoutes: [{ pathPart: "health", httpMethod: "GET" as const }, { pathPart: "health", httpMethod: "HEAD" as const }] },
      'publicRoutes[1].pathPart "health" is given twice',
    ],
  ])("LambdaProxyApi refuses %j, naming the prop and the value", (overrides, message) => {
    expect(api(overrides)).toThrow(`api: ${message}`);
  });
});
