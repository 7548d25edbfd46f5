import { type ApiTargetReview, apiTargetMoves } from "./api-target-moves";
import { type DisruptiveChange, disruptiveDatabaseChanges } from "./disruptive-changes";
import type { PlanAction, ResourceChange, TerraformPlan } from "./terraform-plan";

/** What a change does, in a reviewer's words: Terraform's action list, read as one. */
export type ChangeKind = "create" | "update" | "replace" | "destroy" | "read" | "forget" | "no-op";

/**
 * Resource types that hold data or history a destroy loses for good: the database, buckets (the
 * Terraform state among them), log groups, secrets, queues, KMS keys (and everything they encrypt),
 * tables. A destroy or replacement of one fails the review unless its address is allowed.
 */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_s3_bucket",
  "aws_cloudwatch_log_group",
  "aws_secretsmanager_secret",
  "aws_sqs_queue",
  "aws_kms_key",
  "aws_dynamodb_table",
]);

/** Who may do what: IAM itself, and the resource policies and permissions that grant access. */
export function isAccessControl(type: string): boolean {
  return type.startsWith("aws_iam_") || type.endsWith("_policy") || type === "aws_lambda_permission";
}

export interface ReviewedChange {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Terraform's reason, when it gave one (replace_because_cannot_update, …). */
  readonly reason?: string;
  /** The attributes forcing a replacement, as dotted paths. */
  readonly replacePaths: readonly string[];
  readonly movedFrom?: string;
  readonly importing: boolean;
  readonly deposed: boolean;
}

export interface PlanReview {
  /** How many resources each kind of change touches; moves and imports are counted apart. */
  readonly counts: Readonly<Record<ChangeKind | "moved" | "imported", number>>;
  /** Every change but no-ops and data reads, in the plan's order. */
  readonly changes: readonly ReviewedChange[];
  /** Destroys and replacements of stateful resources. */
  readonly statefulLosses: readonly ReviewedChange[];
  /** The stateful losses whose address was not allowed: these fail the review. */
  readonly blocked: readonly ReviewedChange[];
  /** Changes to IAM and resource policies. */
  readonly accessChanges: readonly ReviewedChange[];
  /** In-place changes to existing databases that their current clients feel (TLS forced, groups, password…). */
  readonly disruptive: readonly DisruptiveChange[];
  /** Resources changed outside Terraform since the last apply (what the plan will undo or adopt). */
  readonly drift: readonly ReviewedChange[];
  /** Outputs whose value changes, by name. */
  readonly changedOutputs: readonly string[];
  /** API integrations that move to another Lambda function, and what could leave callers without a target meanwhile. */
  readonly apiTargets: ApiTargetReview;
}

export function kindOf(actions: readonly PlanAction[]): ChangeKind {
  const key = actions.join(",");
  switch (key) {
    case "delete,create":
    case "create,delete":
      return "replace";
    case "delete":
      return "destroy";
    case "create":
    case "update":
    case "read":
    case "forget":
    case "no-op":
      return key;
    default:
      throw new Error(`unexpected action list [${actions.join(", ")}]`);
  }
}

function reviewed(change: ResourceChange): ReviewedChange {
  return {
    address: change.deposed ? `${change.address} (deposed ${change.deposed})` : change.address,
    type: change.type,
    kind: kindOf(change.change.actions),
    reason: change.action_reason,
    replacePaths: (change.change.replace_paths ?? []).map((path) => path.join(".")),
    movedFrom: change.previous_address && change.previous_address !== change.address ? change.previous_address : undefined,
    importing: change.change.importing !== undefined && change.change.importing !== null,
    deposed: change.deposed !== undefined,
  };
}

export interface ReviewOptions {
  /** Addresses whose destroy or replacement was decided on purpose (`--allow-destroy`). */
  readonly allowDestroy?: readonly string[];
}

/** Reads a plan as a reviewer would: what changes, what is lost, who gains or loses access. */
export function reviewPlan(plan: TerraformPlan, options: ReviewOptions = {}): PlanReview {
  const all = plan.resource_changes.map(reviewed);
  const counts = { create: 0, update: 0, replace: 0, destroy: 0, read: 0, forget: 0, "no-op": 0, moved: 0, imported: 0 };
  for (const change of all) {
    counts[change.kind] += 1;
    if (change.movedFrom) counts.moved += 1;
    if (change.importing) counts.imported += 1;
  }
  const changes = all.filter((change) => (change.kind !== "no-op" && change.kind !== "read") || change.movedFrom || change.importing);
  const allowed = new Set(options.allowDestroy ?? []);
  // A deposed object is already a leftover: destroying it loses nothing the live resource holds.
  const statefulLosses = changes.filter((change) => STATEFUL_TYPES.has(change.type) && (change.kind === "destroy" || change.kind === "replace") && !change.deposed);
  return {
    counts,
    changes,
    statefulLosses,
    blocked: statefulLosses.filter((change) => !allowed.has(change.address)),
    accessChanges: changes.filter((change) => isAccessControl(change.type) && change.kind !== "no-op" && change.kind !== "read"),
    disruptive: disruptiveDatabaseChanges(plan),
    drift: plan.resource_drift.map(reviewed),
    changedOutputs: Object.entries(plan.output_changes)
      .filter(([, output]) => output.actions.some((action) => action !== "no-op"))
      .map(([name]) => name),
    apiTargets: apiTargetMoves(plan),
  };
}
