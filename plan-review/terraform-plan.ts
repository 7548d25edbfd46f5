import * as z from "zod/mini";

/**
 * The parts of `terraform show -json <planfile>` a review reads, as Terraform documents them
 * (https://developer.hashicorp.com/terraform/internals/json-format). Unknown properties are
 * ignored, as the format asks of consumers, so newer 1.x plans still parse; a 2.x plan is refused.
 */
export const PLAN_ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

const resourceChange = z.object({
  address: z.string(),
  /** Set when a `moved` block (or a cdktf construct rename with one) gave the resource a new address. */
  previous_address: z.optional(z.string()),
  module_address: z.optional(z.string()),
  mode: z.enum(["managed", "data"]),
  type: z.string(),
  name: z.string(),
  /** Set when the change concerns a deposed object (left behind by a failed create_before_destroy). */
  deposed: z.optional(z.string()),
  change: z.object({
    /**
     * One action, or two for a replacement: ["delete","create"] (destroy first) or
     * ["create","delete"] (create_before_destroy).
     */
    actions: z.array(z.enum(PLAN_ACTIONS)).check(z.minLength(1), z.maxLength(2)),
    /** The object before and after the change (null when absent), and what is known only after apply. */
    before: z.optional(z.unknown()),
    after: z.optional(z.unknown()),
    after_unknown: z.optional(z.unknown()),
    /** Set when the resource is being imported (Terraform 1.5 and later). */
    importing: z.optional(z.unknown()),
    /** The attributes that force a replacement. */
    replace_paths: z.optional(z.array(z.array(z.union([z.string(), z.number()])))),
  }),
  /** Why Terraform chose this action, e.g. replace_because_cannot_update, delete_because_no_resource_config. */
  action_reason: z.optional(z.string()),
});

const outputChange = z.object({ actions: z.array(z.enum(PLAN_ACTIONS)) });

const planSchema = z.object({
  format_version: z.string().check(z.regex(/^1\.\d+$/, "must be 1.x (this reviewer reads the 1.x format; see Terraform's JSON output format)")),
  terraform_version: z.optional(z.string()),
  resource_changes: z._default(z.array(resourceChange), []),
  /** What changed outside Terraform since the last apply, found while refreshing. */
  resource_drift: z._default(z.array(resourceChange), []),
  output_changes: z._default(z.record(z.string(), outputChange), {}),
  /** False when the plan cannot be applied (errors, or nothing to do with -refresh-only off). */
  applyable: z.optional(z.boolean()),
});

export type TerraformPlan = z.infer<typeof planSchema>;
export type ResourceChange = TerraformPlan["resource_changes"][number];

/** The file is not a plan this reviewer can read; the message says where and why. */
export class PlanFormatError extends Error {
  override readonly name = "PlanFormatError";
}

/** Parses `terraform show -json` output; `source` names the file in errors. */
export function parseTerraformPlan(text: string, source: string): TerraformPlan {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new PlanFormatError(`${source}: not JSON (${(error as Error).message}). Give the output of \`terraform show -json <planfile>\`, not the binary plan file.`);
  }
  if (typeof document === "object" && document !== null && !("format_version" in document)) {
    throw new PlanFormatError(`${source}: no format_version: not the output of \`terraform show -json <planfile>\``);
  }
  const parsed = planSchema.safeParse(document);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue.path.length > 0 ? issue.path.join(".") : "(the document)";
    throw new PlanFormatError(`${source}: ${where}: ${issue.message}`);
  }
  if ("values" in (document as object) && !("resource_changes" in (document as object))) {
    throw new PlanFormatError(`${source}: a state, not a plan: give the output of \`terraform show -json <planfile>\``);
  }
  return parsed.data;
}
