import { ENVIRONMENTS, STATE_STORE } from "../../config/environments";
import { ConfigError, parseEnvironments, parseStateStore } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import { validEnvironmentInput, validStateStoreInput } from "../support/environment-input";

function problemsOf(inputs: unknown[]): string[] {
  try {
    parseEnvironments(inputs);
  } catch (error) {
    if (error instanceof ConfigError) return [error.message, ...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("environment configuration", () => {
  it("accepts the project's own environments and applies defaults", () => {
    const environments = parseEnvironments(ENVIRONMENTS);

    expect(environments.map((environment) => environment.name)).toEqual(["dev", "staging", "prod"]);
    for (const environment of environments) {
      expect(environment.namePrefix).toBe("huntaze");
      expect(environment.logRetentionInDays).toBe(30);
      expect(environment.tracing.samplingPercentage).toBe(10);
    }
  });

  it("fills every optional field of a minimal environment with its documented default", () => {
    const [environment] = parseEnvironments([validEnvironmentInput()]);

    expect(environment.canary).toEqual({
      deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      errorRateThresholdPercent: 2,
      p95DurationThresholdMs: 500,
      minimumRequestsPerPeriod: 10,
      bakeTimeMinutes: 5,
    });
    expect(environment.logEncryption).toBe("customer-key");
    expect(parseEnvironments([validEnvironmentInput({ tier: "non-production", logEncryption: undefined })])[0].logEncryption).toBe("cloudwatch-default");
    expect(environment.functions.prismaRead).toEqual({ memorySizeMb: 512, timeoutSeconds: 10, reservedConcurrency: 50 });
    expect(environment.flag.prismaRead).toEqual({ mode: "off", percentage: 0 });
    expect(environment.database.backupRetentionDays).toBe(7);
    expect(environment.database.deletionProtection).toBe(true);
  });

  const invalidCases: Array<[string, Partial<EnvironmentInput>, string]> = [
    ["a malformed account id", { accountId: "12345" }, "accountId: must be a 12-digit AWS account id"],
    ["an account id with letters", { accountId: "12345678901a" }, "accountId: must be a 12-digit AWS account id"],
    ["an unknown region", { region: "eu-wset-1" }, "region: is not a known AWS region"],
    [
      "empty alarm e-mails in production",
      { alerting: { emails: [] } },
      "alerting.emails: must name at least one address in a production environment",
    ],
    [
      "production logs without a customer key",
      { logEncryption: "cloudwatch-default" },
      'logEncryption: must be "customer-key" in a production environment: its logs hold creator and fan identifiers',
    ],
    ["a bake longer than one hook invocation can hold", { canary: { bakeTimeMinutes: 15 } }, "canary.bakeTimeMinutes: must be between 0 and 14"],
    ["a malformed alarm e-mail", { alerting: { emails: ["oncall"] } }, "alerting.emails[0]: must be an e-mail address"],
    [
      "a flag percentage above 100",
      { flag: { prismaRead: { mode: "percentage", percentage: 120 } } },
      "flag.prismaRead.percentage: must be a whole number of percent from 0 to 100",
    ],
    [
      "a negative error-rate threshold",
      { canary: { errorRateThresholdPercent: -1 } },
      "canary.errorRateThresholdPercent: must be between 0 and 100",
    ],
    [
      "a sampling percentage above 100",
      { tracing: { samplingPercentage: 101 } },
      "tracing.samplingPercentage: must be between 0 and 100",
    ],
    [
      "a log retention CloudWatch does not accept",
      { logRetentionInDays: 45 },
      "logRetentionInDays: must be one of the values CloudWatch Logs accepts",
    ],
    [
      "a custom canary outside 1-99 %",
      { canary: { deploymentConfig: { type: "TimeBasedCanary", percentage: 100, intervalMinutes: 5 } } },
      "canary.deploymentConfig",
    ],
    [
      "a memory size below Lambda's minimum",
      { functions: { prismaRead: { memorySizeMb: 64 } } },
      "functions.prismaRead.memorySizeMb: must be between 128 and 10240",
    ],
    [
      "a fractional timeout",
      { functions: { mockRead: { timeoutSeconds: 2.5 } } },
      "functions.mockRead.timeoutSeconds: must be a whole number",
    ],
    ["a name with capitals", { name: "Prod" }, "name: must start with a letter"],
    [
      "a user pool that is not an ARN",
      { api: { authorizer: { userPoolArn: "eu-west-1_Abc123" } } },
      "api.authorizer.userPoolArn: must be a Cognito user pool ARN",
    ],
  ];

  it.each(invalidCases)("rejects %s, naming the environment and the field", (_case, overrides, expected) => {
    const [message, ...problems] = problemsOf([validEnvironmentInput(overrides)]);

    expect(message).toContain('Invalid configuration for environment "');
    expect(problems.join("\n")).toContain(expected);
  });

  it("names the environment in the message", () => {
    const [message] = problemsOf([validEnvironmentInput({ name: "staging", accountId: "1" })]);

    expect(message).toMatch(/^Invalid configuration for environment "staging":\n  - accountId: /);
  });

  it("rejects production databases without deletion protection, in one Availability Zone or with short backups", () => {
    const problems = problemsOf([
      validEnvironmentInput({
        database: {
          ...validEnvironmentInput().database,
          instance: { ...validEnvironmentInput().database.instance, multiAz: false },
          deletionProtection: false,
          backupRetentionDays: 3,
        },
      }),
    ]);

    expect(problems).toContain("database.deletionProtection: must be true in a production environment");
    expect(problems).toContain(
      "database.instance.multiAz: must be true in a production environment: one Availability Zone's outage would stop every read",
    );
    expect(problems).toContain("database.backupRetentionDays: must be at least 7 days in a production environment");
  });

  it("lets a non-production environment run without alarm e-mails", () => {
    const [environment] = parseEnvironments([
      validEnvironmentInput({ name: "dev", tier: "non-production", alerting: { emails: [] } }),
    ]);

    expect(environment.alerting.emails).toEqual([]);
  });

  it("reports every problem at once, not only the first", () => {
    const problems = problemsOf([validEnvironmentInput({ accountId: "x", region: "mars-1", logRetentionInDays: 2 })]);

    expect(problems.filter((problem) => !problem.startsWith("Invalid"))).toHaveLength(3);
  });

  it("refuses two environments that would share a stack id and state key", () => {
    const [message] = problemsOf([validEnvironmentInput(), validEnvironmentInput({ accountId: "999999999999" })]);

    expect(message).toContain('name: "prod" is used twice');
  });

  it("falls back to the position when an environment has no usable name", () => {
    const [message] = problemsOf([validEnvironmentInput(), { accountId: "1" }]);

    expect(message).toContain("environment #2");
  });
});

describe("state store configuration", () => {
  it("accepts the project's own state store", () => {
    expect(parseStateStore(STATE_STORE).region).toBe("eu-west-1");
  });

  it("rejects a malformed account id, naming the state store and the field", () => {
    expect(() => parseStateStore(validStateStoreInput({ accountId: "abc" }))).toThrow(
      /Invalid configuration for the state store:\n {2}- accountId: must be a 12-digit AWS account id/,
    );
  });
});
