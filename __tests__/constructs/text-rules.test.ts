import { TerraformVariable } from "cdktf";
import { PostgresDatabase, type PostgresDatabaseProps } from "../../constructs/postgres-database";
import { ReadPathFlag, type ReadPathFlagProps } from "../../constructs/read-path-flag";
import { checkListRule, keepsTextRule, textRuleText } from "../../constructs/text-rule";
import { listRuleValidations, textRuleCondition } from "../../module-builder/definitions/text-rule-input";
import { stackWithAwsProvider } from "../support/synth";

const ALARM = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:candidate-errors";

function database(overrides: Partial<PostgresDatabaseProps>) {
  return () =>
    new PostgresDatabase(stackWithAwsProvider(), "database", {
      name: "database",
      instanceIdentifier: "huntaze-read-path",
      instanceClass: "db.t4g.medium",
      allocatedStorageGb: 20,
      engineVersion: "17",
      multiAz: true,
      databaseName: "huntaze",
      masterUsername: "huntaze_admin",
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
      backupRetentionDays: 7,
      deletionProtection: true,
      performanceInsightsRetentionDays: 7,
      logMinDurationStatementMs: 500,
      secretRotationDays: 30,
      accountId: "123456789012",
      partition: "aws",
      ...overrides,
    });
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
});
