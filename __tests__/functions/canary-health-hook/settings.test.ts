import { runningHook } from "../../../functions/canary-health-hook/running-hook";
import { InvalidSettingsError } from "../../../functions/shared/settings";
import { MAX_BAKE_SECONDS, readHookSettings } from "../../../functions/canary-health-hook/settings";

describe("the canary hook's settings", () => {
  it("bakes for no time by default, looking at the alarms every 10 s (their period)", () => {
    expect(readHookSettings({})).toEqual({ CANARY_BAKE_SECONDS: 0, CANARY_BAKE_POLL_SECONDS: 10 });
  });

  it("takes the bake time the stack sets, up to the longest one invocation can hold", () => {
    expect(readHookSettings({ CANARY_BAKE_SECONDS: "600", CANARY_BAKE_POLL_SECONDS: "30" })).toEqual({ CANARY_BAKE_SECONDS: 600, CANARY_BAKE_POLL_SECONDS: 30 });
    expect(readHookSettings({ CANARY_BAKE_SECONDS: String(MAX_BAKE_SECONDS) }).CANARY_BAKE_SECONDS).toBe(MAX_BAKE_SECONDS);
    // Lambda's 15 minutes, less the minute the hook keeps to look once more and report.
    expect(MAX_BAKE_SECONDS).toBe(14 * 60);
  });

  it.each([
    ["a bake beyond one invocation", { CANARY_BAKE_SECONDS: String(MAX_BAKE_SECONDS + 1) }, "CANARY_BAKE_SECONDS: must be between 0 and 840"],
    ["a negative bake", { CANARY_BAKE_SECONDS: "-1" }, "CANARY_BAKE_SECONDS: must be between 0 and 840"],
    ["a fractional bake", { CANARY_BAKE_SECONDS: "1.5" }, "CANARY_BAKE_SECONDS: must be a whole number"],
    ["a bake that is not a number", { CANARY_BAKE_SECONDS: "ten minutes" }, "CANARY_BAKE_SECONDS:"],
    ["a poll of 0 s", { CANARY_BAKE_POLL_SECONDS: "0" }, "CANARY_BAKE_POLL_SECONDS: must be between 1 and 60"],
    ["a poll slower than a minute", { CANARY_BAKE_POLL_SECONDS: "61" }, "CANARY_BAKE_POLL_SECONDS: must be between 1 and 60"],
  ])("refuses %s, naming the variable", (_, environment, message) => {
    expect(() => readHookSettings(environment)).toThrow(InvalidSettingsError);
    expect(() => readHookSettings(environment)).toThrow("canary-health-hook is misconfigured: ");
    expect(() => readHookSettings(environment)).toThrow(message);
  });
});

describe("which hook runs, from the deployment target's lifecycle events", () => {
  const events = (statuses: Record<string, string>) => Object.entries(statuses).map(([lifecycleEventName, status]) => ({ lifecycleEventName, status }));

  it.each<[string, Record<string, string>, string | undefined]>([
    ["the check, while BeforeAllowTraffic is in progress", { BeforeAllowTraffic: "InProgress", AllowTraffic: "Pending", AfterAllowTraffic: "Pending" }, "BeforeAllowTraffic"],
    ["the bake, while AfterAllowTraffic is in progress", { BeforeAllowTraffic: "Succeeded", AllowTraffic: "Succeeded", AfterAllowTraffic: "InProgress" }, "AfterAllowTraffic"],
    ["the bake, once traffic is allowed, even before AfterAllowTraffic shows in progress", { BeforeAllowTraffic: "Succeeded", AllowTraffic: "Succeeded", AfterAllowTraffic: "Pending" }, "AfterAllowTraffic"],
    ["the check, before anything is in progress", { BeforeAllowTraffic: "Pending", AllowTraffic: "Pending" }, "BeforeAllowTraffic"],
    ["nothing, with no lifecycle events", {}, undefined],
  ])("is %s", (_, statuses, expected) => {
    expect(runningHook(events(statuses))).toBe(expected);
  });
});
