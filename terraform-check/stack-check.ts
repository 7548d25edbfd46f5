import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppliedState } from "./applied-state";
import { type OfflineStack, prepareOfflineStack, STACK_FILE, withoutPreventDestroy } from "./offline-stack";
import { describeDifference, plannedDifferences, type PlannedDifference } from "./plan-differences";
import type { BridgeLedger } from "./provider-bridges";
import type { OfflineTerraform } from "./terraform-cli";
import type { PlanJson, ProviderSchemas } from "./terraform-json";

/** Plans against the built state, at most: each resolves at least one more level of references. */
export const MAX_RESOLVING_PLANS = 8;

/** A plan against the state in the working folder, as an apply left it: no refresh, so nothing is read from AWS. */
const PLAN_AGAINST_STATE = ["plan", "-input=false", "-no-color", "-lock=false", "-refresh=false", "-detailed-exitcode"];

/** What a first plan does, by action ("create": 92). */
export type ActionCounts = Readonly<Record<string, number>>;

export interface StackCheckResult {
  readonly stack: string;
  readonly droppedImports: number;
  /** The offline plan from no state. */
  readonly firstPlan: PlanJson;
  readonly counts: ActionCounts;
  /** Plans made against the built state until one showed no changes (or no progress). */
  readonly resolvingPlans: number;
  /** What the last plan against the built state would still change: empty when the plan after apply is empty. */
  readonly remaining: readonly PlannedDifference[];
}

/** How many resources each action touches, replacements counted once as "replace". */
export function actionCounts(plan: PlanJson): ActionCounts {
  const counts: Record<string, number> = {};
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const action = change.change.actions.length === 2 ? "replace" : change.change.actions[0];
    counts[action] = (counts[action] ?? 0) + 1;
  }
  return counts;
}

/** `terraform show -json` of a saved plan. */
export async function showPlan(terraform: OfflineTerraform, folder: string, planFile: string): Promise<PlanJson> {
  const { stdout } = await terraform.run(folder, ["show", "-json", "-no-color", planFile]);
  return JSON.parse(stdout) as PlanJson;
}

/**
 * One plan against the state in `folder`, saved to `planFile` and shown as JSON; undefined when
 * Terraform plans no changes. Terraform's exit code decides; any other failure throws, naming
 * `label` and Terraform's error.
 */
export async function planAgainstState(terraform: OfflineTerraform, label: string, folder: string, planFile: string): Promise<PlanJson | undefined> {
  const result = await terraform.run(folder, [...PLAN_AGAINST_STATE, `-out=${planFile}`], { allowFailure: true });
  if (result.code === 0) return undefined;
  if (result.code !== 2) throw new Error(`${label}: terraform plan -refresh=false against the state in ${folder} exited ${result.code}:\n${result.stderr.trim()}`);
  return showPlan(terraform, folder, planFile);
}

/** Copies a synthesized stack, makes it offline, inits it from the mirror, validates it and plans it from no state. */
export async function planOffline(
  terraform: OfflineTerraform,
  source: string,
  workFolder: string,
  ledger: BridgeLedger,
): Promise<{ prepared: OfflineStack; firstPlan: PlanJson }> {
  const prepared = prepareOfflineStack(source, workFolder, ledger);
  await terraform.run(workFolder, ["init", "-input=false", "-no-color", "-backend=false"]);
  await terraform.run(workFolder, ["validate", "-no-color"]);
  await terraform.run(workFolder, ["plan", "-input=false", "-no-color", "-lock=false", "-out=first.tfplan"]);
  return { prepared, firstPlan: await showPlan(terraform, workFolder, "first.tfplan") };
}

/**
 * Checks one synthesized stack offline: init from the mirror, validate, plan from no state, then
 * plan again (-refresh=false) against the state an apply of that plan would leave. Terraform's
 * own exit code (-detailed-exitcode) decides whether the second plan is empty.
 */
export async function checkStack(options: {
  readonly terraform: OfflineTerraform;
  readonly stack: string;
  /** The synthesized stack's folder (cdktf.out/stacks/<stack>). */
  readonly source: string;
  /** An empty folder to work in. */
  readonly workFolder: string;
  readonly ledger: BridgeLedger;
  readonly schemas: (folder: string) => Promise<ProviderSchemas>;
}): Promise<StackCheckResult> {
  const { terraform, stack, workFolder } = options;
  const { prepared, firstPlan } = await planOffline(terraform, options.source, workFolder, options.ledger);

  const state = AppliedState.fromFirstPlan(firstPlan, await options.schemas(workFolder), prepared);
  state.resolveReferences(JSON.parse(prepared.text));
  const stackFile = join(workFolder, STACK_FILE);
  const writeState = (serial: number) => writeFileSync(join(workFolder, "terraform.tfstate"), JSON.stringify(state.toStateFile(firstPlan.terraform_version, serial), null, 2));

  // Resolving plans: each takes the values the previous one resolved, until one shows no changes
  // or resolves nothing new (a real difference: a value the first plan knew, planned otherwise).
  // They run without prevent_destroy; a plan with no changes destroys nothing, so the guard could
  // not have changed it, and that plan is the verdict.
  writeFileSync(stackFile, withoutPreventDestroy(prepared.text));
  let resolvingPlans = 0;
  let remaining: PlannedDifference[] = [];
  for (;;) {
    resolvingPlans++;
    writeState(resolvingPlans);
    const plan = await planAgainstState(terraform, stack, workFolder, `resolving-${resolvingPlans}.tfplan`);
    if (!plan) {
      writeFileSync(stackFile, prepared.text);
      return { stack, droppedImports: prepared.droppedImports, firstPlan, counts: actionCounts(firstPlan), resolvingPlans, remaining: [] };
    }
    remaining = plannedDifferences(plan);
    const resolved = state.resolveFrom(plan) + state.resolveReferences(JSON.parse(prepared.text));
    if (resolved === 0 || resolvingPlans === MAX_RESOLVING_PLANS) break;
  }

  // Changes remain: the verdict is the stack as synthesized (guard included) against the state built.
  writeFileSync(stackFile, prepared.text);
  writeState(resolvingPlans + 1);
  let verdict: PlanJson | undefined;
  try {
    verdict = await planAgainstState(terraform, stack, workFolder, "after-apply.tfplan");
  } catch (error) {
    // prevent_destroy refuses a replacement without saying what forces it; the last resolving plan says.
    const differences = remaining.map((difference) => `  ${describeDifference(difference)}`).join("\n");
    throw new Error(`${(error as Error).message}${differences ? `\nThe last resolving plan still changed:\n${differences}` : ""}`);
  }
  remaining = verdict ? plannedDifferences(verdict) : [];
  return { stack, droppedImports: prepared.droppedImports, firstPlan, counts: actionCounts(firstPlan), resolvingPlans, remaining };
}
