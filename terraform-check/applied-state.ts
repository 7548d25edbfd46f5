import { isDeepStrictEqual } from "node:util";
import { childNode, impliedType, isMap, type SchemaNode } from "./schema-walk";
import { configurationAt, evaluateExpression, type Reference } from "./config-references";
import { standInValue, type StandInContext } from "./stand-in-values";
import { allResources, type PlanJson, type PlannedChange, type ProviderSchemas, resourceSchema, type StateValuesResource } from "./terraform-json";

/** The account and region stand-in ARNs name. */
export interface StandInScope {
  readonly accountId: string;
  readonly region: string;
}

interface Instance {
  readonly address: string;
  readonly index?: string | number;
  attributes: Record<string, unknown>;
  sensitive: unknown;
  /** What the first plan could not know (its after_unknown): the only values later plans may resolve. */
  readonly unknownAtFirstPlan: unknown;
}

interface StateResource {
  readonly module?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly schemaVersion: number;
  readonly node: SchemaNode;
  readonly instances: Map<string, Instance>;
}

interface StateOutput {
  value: unknown;
  sensitive: boolean;
  readonly unknownAtFirstPlan: unknown;
}

/** Fills every unknown in a planned value with a stand-in, typed by the schema. */
export function fillUnknowns(value: unknown, unknown: unknown, node: SchemaNode, context: StandInContext): unknown {
  if (unknown === true) return standInFor(node, context);
  if (unknown === null || typeof unknown !== "object" || value === null || value === undefined || typeof value !== "object") return value;
  const step = (key: string | number): StandInContext => ({ ...context, path: [...context.path, key] });
  if (Array.isArray(value)) return value.map((element, index) => fillUnknowns(element, (unknown as unknown[])[index], childNode(node, index), step(index)));
  const filled: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const unknowns = unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(filled), ...Object.keys(unknowns)])) {
    filled[key] = fillUnknowns(filled[key] ?? null, unknowns[key], childNode(node, key), step(key));
  }
  return filled;
}

function standInFor(node: SchemaNode, context: StandInContext): unknown {
  if (node.kind === "blocks") return node.keyed ? {} : [];
  if (node.kind === "block") return null;
  return standInValue(node.type, context);
}

/**
 * Takes what a later plan resolved, only where the first plan did not know the value: a reference
 * to an attribute AWS gives (an ARN, an id) is known once the referenced resource is in the state.
 * A value the first plan knew is never taken from a later one: a difference there is a real diff.
 */
function adopt(current: unknown, planned: unknown, plannedUnknown: unknown, firstUnknown: unknown, node: SchemaNode, context: StandInContext): { value: unknown; adopted: number } {
  if (firstUnknown === true) {
    if (plannedUnknown === true || planned === undefined) return { value: current, adopted: 0 };
    const resolved = fillUnknowns(planned, plannedUnknown, node, context);
    return { value: resolved, adopted: isDeepStrictEqual(resolved, current) ? 0 : 1 };
  }
  if (firstUnknown === null || typeof firstUnknown !== "object" || current === null || typeof current !== "object" || planned === null || typeof planned !== "object") {
    return { value: current, adopted: 0 };
  }
  let adopted = 0;
  const value: any = Array.isArray(current) ? [...current] : { ...(current as object) };
  for (const key of Object.keys(firstUnknown)) {
    const index = Array.isArray(current) ? Number(key) : key;
    if (Array.isArray(current) && (index as number) >= current.length) continue;
    const result = adopt(
      (current as any)[index] ?? null,
      (planned as any)[index],
      plannedUnknown && typeof plannedUnknown === "object" ? (plannedUnknown as any)[index] : undefined,
      (firstUnknown as any)[key],
      childNode(node, index),
      { ...context, path: [...context.path, index] },
    );
    value[index] = result.value;
    adopted += result.adopted;
  }
  return { value, adopted };
}

/** Paths of sensitive values, in the state file's notation (get_attr and index steps). */
function sensitivePaths(sensitive: unknown, node: SchemaNode, path: object[] = []): object[][] {
  if (sensitive === true) return [path];
  if (sensitive === null || typeof sensitive !== "object") return [];
  return Object.entries(sensitive).flatMap(([key, inner]) => {
    const child = childNode(node, Array.isArray(sensitive) ? Number(key) : key);
    const step = Array.isArray(sensitive)
      ? { type: "index", value: { value: Number(key), type: "number" } }
      : isMap(node)
        ? { type: "index", value: { value: key, type: "string" } }
        : { type: "get_attr", value: key };
    return sensitivePaths(inner, child, [...path, step]);
  });
}

/** Paths of the values a plan's after_unknown marks unknown. */
function unknownPaths(unknown: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (unknown === true) return [path];
  if (unknown === null || typeof unknown !== "object") return [];
  return Object.entries(unknown).flatMap(([key, inner]) => unknownPaths(inner, [...path, Array.isArray(unknown) ? Number(key) : key]));
}

function nodeAt(node: SchemaNode, path: readonly (string | number)[]): SchemaNode {
  return path.reduce<SchemaNode>((current, step) => childNode(current, step), node);
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((current, step) => (current !== null && typeof current === "object" ? (current as any)[step] : undefined), value);
}

function withValueAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [step, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[step] = withValueAt(copy[step] ?? null, rest, replacement);
  return copy;
}

/** A primitive as Terraform converts it to the attribute's type ("${x.version_number}" into a string attribute is "1"). */
function convertTo(node: SchemaNode, value: unknown): unknown {
  if (value === undefined || node.kind !== "type") return value;
  if (node.type === "string" && (typeof value === "number" || typeof value === "boolean")) return String(value);
  if (node.type === "number" && typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  if (node.type === "bool" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function resourceKey(module: string | undefined, mode: string, type: string, name: string): string {
  return `${module ?? ""}|${mode}|${type}|${name}`;
}

/**
 * The state an apply of a plan would leave, built from the plan alone: planned values, with what
 * only AWS knows standing in stably, and references resolved by later plans (`resolveFrom`).
 */
export class AppliedState {
  private readonly resources = new Map<string, StateResource>();
  private readonly outputs = new Map<string, StateOutput>();

  constructor(
    private readonly schemas: ProviderSchemas,
    private readonly scope: StandInScope,
    private readonly providerKeys: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The state from a first plan (made with no state): every create and data read applied. */
  static fromFirstPlan(plan: PlanJson, schemas: ProviderSchemas, scope: StandInScope): AppliedState {
    for (const change of plan.resource_changes ?? []) {
      if (change.change.actions.includes("no-op") && change.mode === "managed") {
        throw new Error(`${change.address}: the first plan has a state already (no-op); build the state from a plan made without one`);
      }
    }
    return AppliedState.afterPlan(plan, schemas, scope);
  }

  /**
   * The state an apply of any plan would leave, made against a state or not: what it keeps
   * (no-op), creates, updates and replaces, as planned; what it destroys, gone. Only what this plan
   * did not know is resolved by later plans.
   */
  static afterPlan(plan: PlanJson, schemas: ProviderSchemas, scope: StandInScope): AppliedState {
    const providerKeys = new Map((plan.configuration?.root_module?.resources ?? []).map((resource) => [resource.address, resource.provider_config_key ?? ""]));
    const state = new AppliedState(schemas, scope, providerKeys);
    // Data sources as the plan read them; managed resources from their planned changes below.
    for (const read of allResources(plan.prior_state?.values?.root_module)) if (read.mode === "data") state.putRead(read);
    for (const change of plan.resource_changes ?? []) {
      const { actions } = change.change;
      if (actions.includes("delete") && !actions.includes("create")) continue;
      state.putChange(change);
    }
    for (const [name, output] of Object.entries(plan.output_changes ?? {})) {
      const unknown = output.after_unknown ?? false;
      const context = state.context("output", name, name, {});
      state.outputs.set(name, {
        value: fillUnknowns(output.after ?? null, unknown, { kind: "type", type: "dynamic" }, context),
        sensitive: output.after_sensitive === true,
        unknownAtFirstPlan: unknown,
      });
    }
    return state;
  }

  /**
   * Takes from a later plan (made against this state with -refresh=false) what the first plan could
   * not know and this one resolved, and the data sources it read. Returns how many values changed:
   * 0 means another plan would show the same changes.
   */
  resolveFrom(plan: PlanJson): number {
    let adopted = 0;
    for (const read of allResources(plan.prior_state?.values?.root_module)) {
      if (read.mode === "data") adopted += this.putRead(read);
    }
    for (const change of plan.resource_changes ?? []) {
      if (change.change.actions.every((action) => action === "no-op")) continue;
      const resource = this.resources.get(resourceKey(change.module_address, change.mode, change.type, change.name));
      const instance = resource?.instances.get(JSON.stringify(change.index ?? null));
      if (!resource || !instance) continue;
      const result = adopt(instance.attributes, change.change.after, change.change.after_unknown, instance.unknownAtFirstPlan, resource.node, this.context(change.type, change.name, change.address, instance.attributes));
      instance.attributes = result.value as Record<string, unknown>;
      adopted += result.adopted;
    }
    for (const [name, output] of Object.entries(plan.output_changes ?? {})) {
      const current = this.outputs.get(name);
      if (!current || output.actions.every((action) => action === "no-op")) continue;
      const result = adopt(current.value, output.after, output.after_unknown, current.unknownAtFirstPlan, { kind: "type", type: "dynamic" }, this.context("output", name, name, {}));
      current.value = result.value;
      adopted += result.adopted;
    }
    return adopted;
  }

  /**
   * Resolves, in this state, every value the first plan did not know whose configuration is a
   * reference or a template of references (`${aws_iam_role.x.arn}`, `${aws_sqs_queue.q.arn}:*`):
   * the referenced value as this state holds it, converted to the attribute's type, as Terraform
   * evaluates it at apply. Repeats until nothing changes, so chains resolve. What needs functions
   * or a data source's reading is left to Terraform's plans (`resolveFrom`). Returns how many
   * values changed.
   */
  resolveReferences(configuration: { resource?: Record<string, Record<string, unknown>>; output?: Record<string, { value?: unknown }> }): number {
    let total = 0;
    for (let changed = -1; changed !== 0; total += changed) {
      changed = 0;
      for (const resource of this.resources.values()) {
        if (resource.mode !== "managed") continue;
        const body = configuration.resource?.[resource.type]?.[resource.name];
        if (!body) continue;
        for (const instance of resource.instances.values()) {
          if (instance.index !== undefined) continue;
          for (const path of unknownPaths(instance.unknownAtFirstPlan)) {
            const node = nodeAt(resource.node, path);
            const value = convertTo(node, evaluateExpression(configurationAt(body, path), (reference) => this.lookup(reference)));
            if (value === undefined || isDeepStrictEqual(valueAt(instance.attributes, path), value)) continue;
            instance.attributes = withValueAt(instance.attributes, path, value) as Record<string, unknown>;
            changed++;
          }
        }
      }
      for (const [name, output] of this.outputs) {
        if (output.unknownAtFirstPlan !== true) continue;
        const value = evaluateExpression(configuration.output?.[name]?.value, (reference) => this.lookup(reference));
        if (value === undefined || isDeepStrictEqual(output.value, value)) continue;
        output.value = value;
        changed++;
      }
    }
    return total;
  }

  private lookup(reference: Reference): unknown {
    const resource = this.resources.get(resourceKey(undefined, reference.mode, reference.type, reference.name));
    const instance = resource?.instances.get("null");
    return instance ? valueAt(instance.attributes, reference.path) : undefined;
  }

  /** The state as Terraform writes it (format version 4). */
  toStateFile(terraformVersion: string, serial: number): object {
    const resources = [...this.resources.values()].map((resource) => ({
      ...(resource.module ? { module: resource.module } : {}),
      mode: resource.mode,
      type: resource.type,
      name: resource.name,
      provider: resource.provider,
      instances: [...resource.instances.values()].map((instance) => ({
        ...(instance.index === undefined ? {} : { index_key: instance.index }),
        schema_version: resource.schemaVersion,
        attributes: this.stateAttributes(resource, instance.attributes),
        sensitive_attributes: sensitivePaths(instance.sensitive, resource.node),
      })),
    }));
    const outputs = Object.fromEntries(
      [...this.outputs].map(([name, output]) => [name, { value: output.value, type: impliedType(output.value), ...(output.sensitive ? { sensitive: true } : {}) }]),
    );
    return { version: 4, terraform_version: terraformVersion, serial, lineage: "00000000-0000-4000-8000-000000000000", outputs, resources, check_results: null };
  }

  /** Attributes the schema types "dynamic" are stored with their type, as Terraform stores them. */
  private stateAttributes(resource: StateResource, attributes: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(attributes).map(([name, value]) => {
        const node = childNode(resource.node, name);
        const dynamic = node.kind === "type" && node.type === "dynamic" && value !== null;
        return [name, dynamic ? { value, type: impliedType(value) } : value];
      }),
    );
  }

  private context(type: string, name: string, address: string, known: Record<string, unknown>): StandInContext {
    return { type, name, address, path: [], known, accountId: this.scope.accountId, region: this.scope.region };
  }

  private resource(module: string | undefined, mode: "managed" | "data", type: string, name: string, providerName: string, address: string): StateResource {
    const key = resourceKey(module, mode, type, name);
    let resource = this.resources.get(key);
    if (!resource) {
      const schema = resourceSchema(this.schemas, providerName, mode, type);
      const configKey = this.providerKeys.get(address.replace(/\[[^\]]*\]$/, "")) ?? "";
      const alias = configKey.includes(".") ? `.${configKey.split(".").pop()}` : "";
      resource = { module, mode, type, name, provider: `provider["${providerName}"]${alias}`, schemaVersion: schema.version, node: { kind: "block", block: schema.block }, instances: new Map() };
      this.resources.set(key, resource);
    }
    return resource;
  }

  private putChange(change: PlannedChange): void {
    const resource = this.resource(change.module_address, change.mode, change.type, change.name, change.provider_name, change.address);
    const unknown = change.change.after_unknown ?? {};
    const after = (change.change.after ?? {}) as Record<string, unknown>;
    const attributes = fillUnknowns(after, unknown, resource.node, this.context(change.type, change.name, change.address, after)) as Record<string, unknown>;
    resource.instances.set(JSON.stringify(change.index ?? null), { address: change.address, index: change.index, attributes, sensitive: change.change.after_sensitive ?? {}, unknownAtFirstPlan: unknown });
  }

  private putRead(read: StateValuesResource): number {
    const resource = this.resource(undefined, read.mode, read.type, read.name, read.provider_name, read.address);
    const key = JSON.stringify(read.index ?? null);
    const previous = resource.instances.get(key);
    if (previous && isDeepStrictEqual(previous.attributes, read.values)) return 0;
    resource.instances.set(key, { address: read.address, index: read.index, attributes: read.values, sensitive: read.sensitive_values ?? {}, unknownAtFirstPlan: {} });
    return 1;
  }
}
