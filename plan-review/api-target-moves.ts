import type { ResourceChange, TerraformPlan } from "./terraform-plan";

/** An API Gateway integration whose Lambda target changes: which function callers reach before and after. */
export interface ApiTargetMove {
  readonly address: string;
  /** The Lambda function (and qualifier) the integration invokes: `huntaze-mock-read:live`. */
  readonly from: string;
  /** "(known after apply)" when the plan does not know it yet. */
  readonly to: string;
  /** How the integration changes: "update" (in place, the route keeps its integration) or "replace". */
  readonly how: "update" | "replace";
}

/**
 * What a reviewer of an API's move to another function needs to know: where each integration goes,
 * and each way the plan could leave callers without a target for a moment.
 */
export interface ApiTargetReview {
  readonly moves: readonly ApiTargetMove[];
  /** Each ordering risk, in words; empty when the new target is reachable before callers are sent to it. */
  readonly gaps: readonly string[];
}

const UNKNOWN = "(known after apply)";

/** `…/functions/arn:aws:lambda:eu-west-1:111111111111:function:huntaze-mock-read:live/invocations` → `huntaze-mock-read:live`. */
export function lambdaTargetOf(uri: unknown): string | undefined {
  if (typeof uri !== "string") return undefined;
  const match = /:function:([^/]+)\/invocations$/.exec(uri);
  return match?.[1];
}

const field = (value: unknown, name: string): unknown => (value && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined);
const isUnknown = (change: ResourceChange, name: string) => field(change.change.after_unknown, name) === true;
const actionsOf = (change: ResourceChange) => change.change.actions.join(",");

/** The integrations of a plan that move to another Lambda target, and what could leave the API without one meanwhile. */
export function apiTargetMoves(plan: TerraformPlan): ApiTargetReview {
  const moves: ApiTargetMove[] = [];
  for (const change of plan.resource_changes) {
    if (change.type !== "aws_api_gateway_integration" || change.mode !== "managed") continue;
    const how = actionsOf(change) === "update" ? "update" : change.change.actions.length === 2 ? "replace" : undefined;
    if (!how) continue;
    const from = lambdaTargetOf(field(change.change.before, "uri"));
    const to = isUnknown(change, "uri") ? UNKNOWN : lambdaTargetOf(field(change.change.after, "uri"));
    if (from && to && from !== to) moves.push({ address: change.address, from, to, how });
  }
  if (moves.length === 0) return { moves, gaps: [] };

  const gaps: string[] = [];
  for (const move of moves.filter((candidate) => candidate.how === "replace")) {
    gaps.push(`\`${move.address}\` is replaced rather than changed in place: its route has no integration between the delete and the create`);
  }
  // A permission for API Gateway that is replaced destroy-first leaves the stage unable to invoke its target meanwhile.
  for (const change of plan.resource_changes) {
    if (change.type === "aws_lambda_permission" && field(change.change.before, "principal") === "apigateway.amazonaws.com" && actionsOf(change) === "delete,create") {
      gaps.push(`\`${change.address}\` is destroyed before its replacement exists: API Gateway may not invoke the target in between`);
    }
  }
  if (!plan.resource_changes.some((change) => change.type === "aws_api_gateway_deployment" && change.change.actions.includes("create"))) {
    gaps.push("no new API deployment: the stage keeps serving the old target until one is made");
  }
  return { moves, gaps };
}
