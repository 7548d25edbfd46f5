import { readControlSettings } from "../../../functions/mock-read/settings";

const flag = { FLAG_APPLICATION_ID: "app1234", FLAG_ENVIRONMENT_ID: "env1234", FLAG_PROFILE_ID: "prof1234" };
const ARN = "arn:aws:lambda:eu-west-1:123456789012:function:huntaze-prisma-read:live";

describe("mock-read's settings", () => {
  it("takes the deployed settings, with defaults for the poll and the candidate's budget", () => {
    expect(readControlSettings({ ...flag, CANDIDATE_FUNCTION_ARN: ARN })).toMatchObject({
      FLAG_POLL_INTERVAL_SECONDS: 45,
      FLAG_RETRY_SECONDS: 30,
      FLAG_CALL_TIMEOUT_MS: 1000,
      CANDIDATE_BUDGET_MS: 5000,
    });
  });

  it("runs without a flag when none is configured (a local run): every read stays with the control", () => {
    expect(readControlSettings({}).FLAG_APPLICATION_ID).toBeUndefined();
  });

  it.each([
    ["half a flag", { FLAG_PROFILE_ID: "prof1234" }, "FLAG_APPLICATION_ID: is required with FLAG_PROFILE_ID"],
    ["a flag and no candidate", flag, "CANDIDATE_FUNCTION_ARN: is required when the flag is configured"],
    ["a function ARN without its alias", { ...flag, CANDIDATE_FUNCTION_ARN: ARN.replace(/:live$/, "") }, "CANDIDATE_FUNCTION_ARN: must be a Lambda alias ARN"],
    ["a poll faster than AppConfig allows", { ...flag, CANDIDATE_FUNCTION_ARN: ARN, FLAG_POLL_INTERVAL_SECONDS: "5" }, "FLAG_POLL_INTERVAL_SECONDS: must be between 15 and 3600"],
    ["a budget beyond the API's timeout", { ...flag, CANDIDATE_FUNCTION_ARN: ARN, CANDIDATE_BUDGET_MS: "30000" }, "CANDIDATE_BUDGET_MS: must be between 100 and 28000"],
  ])("refuses %s, naming the variable", (_, environment, message) => {
    expect(() => readControlSettings(environment)).toThrow(`mock-read is misconfigured: `);
    expect(() => readControlSettings(environment)).toThrow(message);
  });
});
