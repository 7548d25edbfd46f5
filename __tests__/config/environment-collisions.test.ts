/**
 * Every resource name comes from `namePrefix`, never from the environment's name, so two
 * environments in one account would fight over the same resources. Config validation refuses them
 * at synth, naming both environments and why.
 */
import { ConfigError, parseEnvironments } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import { validEnvironmentInput } from "../support/environment-input";

const environment = (name: string, overrides: Partial<EnvironmentInput> = {}) =>
  validEnvironmentInput({ name, tier: "non-production", logEncryption: "cloudwatch-default", ...overrides });

function refusal(inputs: EnvironmentInput[]): ConfigError {
  try {
    parseEnvironments(inputs);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("environments sharing an account", () => {
  it("refuses two environments in one account and region that both manage API Gateway's account settings, naming both", () => {
    const error = refusal([environment("dev"), environment("staging", { namePrefix: "huntaze-stg" })]);

    expect(error.message).toBe(
      'Invalid configuration for environments "dev" and "staging":\n' +
        "  - accountId: both deploy to account 123456789012 (eu-west-1), where their resources would collide: " +
        "API Gateway's account settings in eu-west-1 exist once per account and region, and both manage them (api.accountSettings: \"manage\"); " +
        "let one keep the account's role (\"existing\"). " +
        "Give each environment an account of its own (or, sharing one, a namePrefix of its own, and in one region only one environment managing API Gateway's account settings).",
    );
  });

  it("accepts two environments in one account and region with their own prefixes when only one manages API Gateway's account settings", () => {
    const api = { ...validEnvironmentInput().api, accountSettings: "existing" as const };

    const environments = parseEnvironments([environment("dev"), environment("staging", { namePrefix: "huntaze-stg", api })]);

    expect(environments.map((parsed) => parsed.api.accountSettings)).toEqual(["manage", "existing"]);
  });

  it("refuses two environments in one account with one prefix, even in different regions: IAM role names are global", () => {
    const error = refusal([environment("qa"), environment("dr", { region: "eu-central-1" })]);

    expect(error.message).toContain('environments "qa" and "dr"');
    expect(error.problems[0]).toContain("both deploy to account 123456789012 (eu-west-1 and eu-central-1)");
    expect(error.problems[0]).toContain('IAM role names are global to an account, and both name theirs with the prefix "huntaze" (huntaze-mock-read-execution, …)');
  });

  it("accepts one account shared by environments in different regions with different prefixes, and environments in different accounts", () => {
    const environments = parseEnvironments([
      environment("dev"),
      environment("dr", { region: "eu-central-1", namePrefix: "huntaze-dr" }),
      environment("staging", { accountId: "222222222222" }),
    ]);

    expect(environments.map(({ name, accountId, region, namePrefix }) => `${name} ${accountId} ${region} ${namePrefix}`)).toEqual([
      "dev 123456789012 eu-west-1 huntaze",
      "dr 123456789012 eu-central-1 huntaze-dr",
      "staging 222222222222 eu-west-1 huntaze",
    ]);
  });
});
