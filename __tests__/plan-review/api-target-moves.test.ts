/**
 * The API-move part of the plan review, on plans written to Terraform's JSON format: the safe move
 * (integrations in place, the permission created first, a new deployment), and each ordering that
 * would leave callers without a target for a moment. Real Terraform's plan of the migration's move
 * is reviewed in __tests__/terraform-check/phase-transitions.test.ts.
 */
import { renderReview } from "../../plan-review/render-review";
import { apiTargetMoves, lambdaTargetOf } from "../../plan-review/api-target-moves";
import { reviewPlan } from "../../plan-review/review-plan";
import { parseTerraformPlan, type TerraformPlan } from "../../plan-review/terraform-plan";

const invokeUri = (target: string) =>
  `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111111111111:function:${target}/invocations`;

function change(address: string, actions: string[], before: object | null, after: object | null) {
  const [type, name] = address.split(".");
  return { address, mode: "managed", type, name, change: { actions, before, after, after_unknown: {} } };
}

/** The move from the control to the candidate, with the permission and the integration replaced as given. */
function movePlan(options: { permission: string[]; integration: string[]; deployment?: boolean }): TerraformPlan {
  return parseTerraformPlan(
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [
        change("aws_lambda_permission.invoke", options.permission, { function_name: "huntaze-mock-read", principal: "apigateway.amazonaws.com" }, { function_name: "huntaze-prisma-read", principal: "apigateway.amazonaws.com" }),
        change("aws_api_gateway_integration.proxy", options.integration, { uri: invokeUri("huntaze-mock-read:live") }, { uri: invokeUri("huntaze-prisma-read:live") }),
        ...(options.deployment === false ? [] : [change("aws_api_gateway_deployment.api", ["create", "delete"], { id: "old" }, { id: "new" })]),
        change("aws_cloudwatch_log_group.control", ["delete"], { name: "/aws/lambda/huntaze-mock-read" }, null),
      ],
    }),
    "move",
  );
}

describe("the API's move to another function, in a plan review", () => {
  it("reads the Lambda target of an integration's invoke URI", () => {
    expect(lambdaTargetOf(invokeUri("huntaze-prisma-read:live"))).toBe("huntaze-prisma-read:live");
    expect(lambdaTargetOf("https://example.com/")).toBeUndefined();
    expect(lambdaTargetOf(null)).toBeUndefined();
  });

  it("says where the integration goes, that callers keep a target throughout, and what it does to stateful resources", () => {
    const review = reviewPlan(movePlan({ permission: ["create", "delete"], integration: ["update"] }), { allowDestroy: ["aws_cloudwatch_log_group.control"] });
    const text = renderReview(review, "all → direct");

    expect(review.apiTargets).toEqual({ moves: [{ address: "aws_api_gateway_integration.proxy", from: "huntaze-mock-read:live", to: "huntaze-prisma-read:live", how: "update" }], gaps: [] });
    expect(text).toContain("> [!NOTE]\n> **The API's integration moves from `huntaze-mock-read:live` to `huntaze-prisma-read:live`** (`aws_api_gateway_integration.proxy`).");
    expect(text).toContain("> Callers keep a target throughout");
    expect(text).toContain("> No stateful resource is replaced or changed; destroyed (see above): `aws_cloudwatch_log_group.control`.");
  });

  it("warns of each way callers could be left without a target: a permission destroyed first, an integration replaced, no new deployment", () => {
    const review = reviewPlan(movePlan({ permission: ["delete", "create"], integration: ["delete", "create"], deployment: false }));
    const text = renderReview(review, "all → direct");

    expect(review.apiTargets.gaps).toEqual([
      "`aws_api_gateway_integration.proxy` is replaced rather than changed in place: its route has no integration between the delete and the create",
      "`aws_lambda_permission.invoke` is destroyed before its replacement exists: API Gateway may not invoke the target in between",
      "no new API deployment: the stage keeps serving the old target until one is made",
    ]);
    expect(text).toContain("> [!WARNING]\n> **The API's integration moves from");
    expect(text).not.toContain("Callers keep a target throughout");
  });

  it("says nothing of the API when no integration changes its target", () => {
    const plan = parseTerraformPlan(JSON.stringify({ format_version: "1.2", resource_changes: [change("aws_api_gateway_integration.proxy", ["update"], { uri: invokeUri("a:live"), timeout_milliseconds: 1 }, { uri: invokeUri("a:live"), timeout_milliseconds: 2 })] }), "same");

    expect(apiTargetMoves(plan)).toEqual({ moves: [], gaps: [] });
    expect(renderReview(reviewPlan(plan), "same")).not.toContain("integration moves");
  });
});
