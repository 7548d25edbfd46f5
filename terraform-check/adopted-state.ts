import { cpSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppliedState, type StandInScope } from "./applied-state";
import { prepareOfflineStack } from "./offline-stack";
import { planAgainstState } from "./stack-check";
import type { BridgeLedger } from "./provider-bridges";
import type { OfflineTerraform } from "./terraform-cli";
import type { PlanJson, ProviderSchemas } from "./terraform-json";

/**
 * What an existing object is, attribute by attribute, as AWS would report it once imported: the
 * facts config declares and the settings it has today.
 */
export type ExistingAttributes = Readonly<Record<string, unknown>>;

/**
 * The state Terraform holds once an existing object is imported, before anything is applied: that
 * object alone. Built from a first plan's create of the resource (its configured values, stand-ins
 * for what AWS assigns: ids, ARNs, endpoints), with `existing` in place of what the object has
 * itself. This is the import an offline plan cannot make (an import reads AWS).
 */
export function adoptedState(plan: PlanJson, schemas: ProviderSchemas, scope: StandInScope, address: string, existing: ExistingAttributes): object {
  const change = (plan.resource_changes ?? []).find((candidate) => candidate.address === address);
  if (!change) throw new Error(`${address}: not in the plan, so there is nothing to adopt`);
  if (change.change.actions.join(",") !== "create") throw new Error(`${address}: the plan ${change.change.actions.join(" and ")}s it; build the state from a plan that creates it`);
  const unknown = { ...((change.change.after_unknown ?? {}) as Record<string, unknown>) };
  for (const name of Object.keys(existing)) delete unknown[name];
  const imported = { ...change, change: { ...change.change, after: { ...(change.change.after as object), ...existing }, after_unknown: unknown } };
  const alone: PlanJson = { ...plan, resource_changes: [imported], output_changes: {}, prior_state: undefined };
  return AppliedState.fromFirstPlan(alone, schemas, scope).toStateFile(plan.terraform_version, 1);
}

/** What an adoption starts from: an initialized offline stack and the object as it exists. */
export interface AdoptionOptions {
  readonly terraform: OfflineTerraform;
  readonly initializedFolder: string;
  readonly workFolder: string;
  readonly firstPlan: PlanJson;
  readonly scope: StandInScope;
  readonly address: string;
  readonly existing: ExistingAttributes;
  /** The synthesized stack's folder to plan instead, made offline with the ledger's bridges. */
  readonly configuration?: { readonly source: string; readonly ledger: BridgeLedger };
}

/**
 * Copies an initialized offline stack (from `initializedFolder`, where it planned from no state)
 * to `workFolder`, with a state that holds only the adopted object: the folder a plan of the first
 * apply after the import runs in. With `configuration`, another synthesis of the stack (its config
 * changed) replaces the copied one: the object is what it is, whatever the config asks of it.
 * Returns the provider schemas it read.
 */
export async function writeAdoptedState(options: AdoptionOptions): Promise<ProviderSchemas> {
  const { terraform, workFolder } = options;
  cpSync(options.initializedFolder, workFolder, { recursive: true });
  // Only the stack, its assets and its initialized providers: no state or plans of the first check.
  for (const entry of readdirSync(workFolder)) {
    if (entry.startsWith("terraform.tfstate") || entry.endsWith(".tfplan")) rmSync(join(workFolder, entry), { force: true });
  }
  if (options.configuration) prepareOfflineStack(options.configuration.source, workFolder, options.configuration.ledger);
  const schemas = JSON.parse((await terraform.run(workFolder, ["providers", "schema", "-json"])).stdout) as ProviderSchemas;
  const state = adoptedState(options.firstPlan, schemas, options.scope, options.address, options.existing);
  writeFileSync(join(workFolder, "terraform.tfstate"), JSON.stringify(state, null, 2));
  return schemas;
}

/**
 * Plans the stack writeAdoptedState leaves in `workFolder` against the adopted object alone,
 * without refreshing: what the first apply after the import would change, destroy or replace.
 * The stack keeps its prevent_destroy.
 */
export async function planAdoption(options: AdoptionOptions): Promise<PlanJson> {
  const { terraform, workFolder } = options;
  await writeAdoptedState(options);
  const plan = await planAgainstState(terraform, `adoption of ${options.address}`, workFolder, "adoption.tfplan");
  if (!plan) throw new Error(`adoption of ${options.address}: the first apply after the import plans no changes; the adoption's plan has nothing to show`);
  return plan;
}
