import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppliedState } from "./applied-state";
import { prepareOfflineStack, STACK_FILE, withoutPreventDestroy } from "./offline-stack";
import { plannedDifferences, type PlannedDifference } from "./plan-differences";
import type { BridgeLedger } from "./provider-bridges";
import { MAX_RESOLVING_PLANS, planAgainstState } from "./stack-check";
import type { OfflineTerraform } from "./terraform-cli";
import type { PlanJson, ProviderSchemas } from "./terraform-json";

/** What one change of a stack's configuration plans against the state the previous apply left, and what is left after its own apply. */
export interface StackChangeResult {
  /** The plan of the change, against the applied state of the configuration before it. */
  readonly plan: PlanJson;
  /** Every resource the plan touches, by address: its actions (`["create", "delete"]` is a create-before-destroy replacement). */
  readonly actions: Readonly<Record<string, readonly string[]>>;
  /** Plans made against the state the change's apply would leave, until one showed no changes (or no progress). */
  readonly resolvingPlans: number;
  /** What the last of those plans would still change: empty when the plan after apply is empty. */
  readonly remaining: readonly PlannedDifference[];
}

/** The resources a plan touches, by address, with their actions; no-ops and data reads left out. */
export function plannedActions(plan: PlanJson): Record<string, readonly string[]> {
  return Object.fromEntries(
    (plan.resource_changes ?? [])
      .filter((change) => change.mode === "managed" && !change.change.actions.every((action) => action === "no-op"))
      .map((change) => [change.address, change.change.actions]),
  );
}

/**
 * Plans another synthesized configuration of a stack against the state a check (checkStack) or an
 * earlier change left in `folder`, and applies nothing: the plan a reviewer reads on the pull
 * request, with the stack's guards (prevent_destroy) on. The folder keeps the new configuration
 * beside the old state.
 */
export async function planStackChangeWithoutApply(options: StackChangeOptions): Promise<PlanJson> {
  return (await planTheChange(options)).plan;
}

interface StackChangeOptions {
  readonly terraform: OfflineTerraform;
  readonly label: string;
  /** The synthesized stack's folder for the new configuration. */
  readonly source: string;
  /** A folder checkStack (or an earlier planStackChange) initialized and left its state in. */
  readonly folder: string;
  readonly ledger: BridgeLedger;
}

/** The new configuration written into `folder` and planned against its state, with the stack's guards (prevent_destroy) on, as a real apply would pass them. */
async function planTheChange(options: StackChangeOptions): Promise<{ prepared: ReturnType<typeof prepareOfflineStack>; plan: PlanJson }> {
  const { terraform, label, folder } = options;
  const prepared = prepareOfflineStack(options.source, folder, options.ledger);
  const plan = await planAgainstState(terraform, label, folder, `${label}.tfplan`);
  if (!plan) throw new Error(`${label}: the new configuration plans no changes against the previous state`);
  return { prepared, plan };
}

/**
 * Plans another synthesized configuration of a stack against the state a check (checkStack) or an
 * earlier change left in `folder`, then applies it as the check does: the state built from the
 * plan, with what only AWS knows standing in, and plans against it (-refresh=false) until one shows
 * no changes. Terraform's exit code decides. The folder keeps the new state, for the next change.
 */
export async function planStackChange(options: StackChangeOptions & { readonly schemas: ProviderSchemas }): Promise<StackChangeResult> {
  const { terraform, label, folder } = options;
  const { prepared, plan } = await planTheChange(options);
  const run = (planFile: string) => planAgainstState(terraform, label, folder, planFile);

  const state = AppliedState.afterPlan(plan, options.schemas, prepared);
  const configuration = JSON.parse(prepared.text);
  state.resolveReferences(configuration);
  // As in checkStack: the resolving plans run without prevent_destroy (a stand-in id replaced by
  // the real one is how a reference resolves); the plan with no changes is the verdict.
  writeFileSync(join(folder, STACK_FILE), withoutPreventDestroy(prepared.text));
  let remaining: PlannedDifference[] = [];
  let resolvingPlans = 0;
  try {
    while (resolvingPlans < MAX_RESOLVING_PLANS) {
      resolvingPlans++;
      writeFileSync(join(folder, "terraform.tfstate"), JSON.stringify(state.toStateFile(plan.terraform_version, resolvingPlans + 1), null, 2));
      const after = await run(`${label}-after-${resolvingPlans}.tfplan`);
      if (!after) return { plan, actions: plannedActions(plan), resolvingPlans, remaining: [] };
      remaining = plannedDifferences(after);
      if (state.resolveFrom(after) + state.resolveReferences(configuration) === 0) break;
    }
  } finally {
    writeFileSync(join(folder, STACK_FILE), prepared.text);
  }
  return { plan, actions: plannedActions(plan), resolvingPlans, remaining };
}
