import { Testing } from "cdktf";
import { parseEnvironments, parseStateStore } from "../../config/load";
import { ReadPathStack } from "../../stacks/read-path-stack";
import { validEnvironmentInput, validStateStoreInput } from "../support/environment-input";
import { fixtureBuild } from "../support/function-code";
import { synthesize } from "../support/synth";

function stackWith(accountSettings: "manage" | "existing") {
  const [environment] = parseEnvironments([validEnvironmentInput({ api: { ...validEnvironmentInput().api, accountSettings } })]);
  return synthesize(new ReadPathStack(Testing.app(), "huntaze-prod", { environment, stateStore: parseStateStore(validStateStoreInput()), artifacts: fixtureBuild() }));
}

describe("API Gateway's account settings, which exist once per account and region", () => {
  it("are set by the stack that manages them, and the stage waits for them", () => {
    const json = stackWith("manage");

    expect(Object.keys(json.resource?.aws_api_gateway_account ?? {})).toEqual(["api_logging"]);
    expect(Object.values(json.resource!.aws_api_gateway_stage)[0].depends_on).toContain("aws_api_gateway_account.api_logging");
  });

  it("are left as they are, role included, by a stack told to keep the account's existing role", () => {
    const json = stackWith("existing");

    expect(json.resource?.aws_api_gateway_account).toBeUndefined();
    expect(Object.values(json.resource?.aws_iam_role ?? {}).map((role: any) => role.name)).not.toContain("huntaze-api-gateway-logs");
    // The API still logs: with the account's role.
    expect(Object.values(json.resource!.aws_api_gateway_method_settings)[0].settings).toMatchObject({ logging_level: "ERROR" });
  });
});
