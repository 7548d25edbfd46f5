import { CandidateFallbackAlarm, type CandidateFallbackAlarmProps } from "../../constructs/candidate-fallback-alarm";
import { FunctionAlarms, type FunctionAlarmsProps } from "../../constructs/function-alarms";
import { LambdaProxyApi, type LambdaProxyApiProps } from "../../constructs/lambda-proxy-api";
import { keepsNumberRule, numberRuleText } from "../../constructs/number-rule";
import { numberRuleCondition } from "../../module-builder/definitions/number-rule-input";
import { stackWithAwsProvider } from "../support/synth";

const api = (overrides: Partial<LambdaProxyApiProps>) => () =>
  new LambdaProxyApi(stackWithAwsProvider(), "api", {
    name: "api",
    apiName: "api",
    description: "",
    target: { functionName: "f", aliasName: "live", invokeArn: "arn" },
    userPoolArns: ["arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"],
    throttle: { rateLimitPerSecond: 10, burstLimit: 20 },
    ...overrides,
  });

const fallbackAlarm = (overrides: Partial<CandidateFallbackAlarmProps>) => () =>
  new CandidateFallbackAlarm(stackWithAwsProvider(), "fallbacks", {
    name: "fallbacks",
    controlFunctionName: "huntaze-mock-read",
    thresholdPercent: 5,
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
    ...overrides,
  });

const functionAlarms = (overrides: Partial<FunctionAlarmsProps>) => () =>
  new FunctionAlarms(stackWithAwsProvider(), "alarms", {
    name: "alarms",
    functionName: "huntaze-read",
    aliasName: "live",
    targetVersion: "3",
    deadLetterQueueName: "huntaze-read-dead-letters",
    errorRateThresholdPercent: 2,
    p95DurationThresholdMs: 500,
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
    ...overrides,
  });

describe("number rules: one table per construct, checked at synth and declared in its module", () => {
  it.each([
    [{ rateLimitPerSecond: 0, burstLimit: 20 }, "throttle.rateLimitPerSecond must be a number above 0, got 0"],
    [{ rateLimitPerSecond: 10, burstLimit: 0.5 }, "throttle.burstLimit must be a whole number of at least 1, got 0.5"],
  ])("LambdaProxyApi refuses throttle %j, naming the prop", (throttle, message) => {
    expect(api({ throttle })).toThrow(`api: ${message}`);
  });

  it("LambdaProxyApi refuses a retention CloudWatch Logs does not accept, and takes a fractional rate", () => {
    expect(api({ logRetentionInDays: 31 })).toThrow("api: logRetentionInDays must be one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30,");
    expect(api({ throttle: { rateLimitPerSecond: 0.5, burstLimit: 1 } })).not.toThrow();
  });

  it.each([
    [{ thresholdPercent: 120 }, "thresholdPercent must be a number from 0 to 100, got 120"],
    [{ minimumRequests: 0 }, "minimumRequests must be a whole number of at least 1, got 0"],
  ])("CandidateFallbackAlarm refuses %j, naming the prop", (overrides, message) => {
    expect(fallbackAlarm(overrides)).toThrow(`fallbacks: ${message}`);
  });

  it.each([
    [{ periodSeconds: 45 }, "periodSeconds must be 10, 20, 30 or a multiple of 60 (CloudWatch's rule), got 45"],
    [{ evaluationPeriods: 0 }, "evaluationPeriods must be a whole number of at least 1, got 0"],
    [{ datapointsToAlarm: 1.5 }, "datapointsToAlarm must be a whole number of at least 1, got 1.5"],
  ])("FunctionAlarms refuses %j, naming the prop", (overrides, message) => {
    expect(functionAlarms(overrides)).toThrow(`alarms: ${message}`);
  });

  it("FunctionAlarms takes CloudWatch's short periods and any multiple of a minute", () => {
    for (const periodSeconds of [10, 20, 30, 60, 300]) expect(functionAlarms({ periodSeconds })).not.toThrow();
  });

  it("writes the same rule as the construct's words and as the module's HCL condition", () => {
    const cases = [
      { rule: { min: 128, max: 10_240 }, text: "a whole number from 128 to 10240", hcl: "floor(var.x) == var.x && var.x >= 128 && var.x <= 10240" },
      { rule: { fractional: true, above: 0 }, text: "a number above 0", hcl: "var.x > 0" },
      { rule: { oneOf: [1, 3], oneOfName: "one CloudWatch Logs accepts" }, text: "one CloudWatch Logs accepts (1, 3)", hcl: "contains([1, 3], var.x)" },
      {
        rule: { oneOf: [10, 20, 30], orMultipleOf: 60, oneOfName: "CloudWatch's rule" },
        text: "10, 20, 30 or a multiple of 60 (CloudWatch's rule)",
        hcl: "contains([10, 20, 30], var.x) || (var.x >= 60 && var.x % 60 == 0)",
      },
    ];
    for (const { rule, text, hcl } of cases) {
      expect(numberRuleText(rule)).toBe(text);
      expect(numberRuleCondition("x", rule)).toBe(hcl);
    }
    expect([127, 128, 128.5, 10_240, 10_241].map((value) => keepsNumberRule({ min: 128, max: 10_240 }, value))).toEqual([false, true, false, true, false]);
    expect([0, 0.1].map((value) => keepsNumberRule({ fractional: true, above: 0 }, value))).toEqual([false, true]);
    const period = { oneOf: [10, 20, 30], orMultipleOf: 60 };
    expect([10, 30, 45, 60, 90, 120].map((value) => keepsNumberRule(period, value))).toEqual([true, true, false, true, false, true]);
  });
});
