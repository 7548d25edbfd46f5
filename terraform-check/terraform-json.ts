/**
 * The parts of Terraform's machine-readable output the check reads: `terraform show -json <plan>`
 * and `terraform providers schema -json` (https://developer.hashicorp.com/terraform/internals/json-format).
 */

/** A cty type as the JSON formats write it: "string", ["list", "string"], ["object", {...}]… */
export type CtyType = string | [string, unknown];

export interface SchemaAttribute {
  readonly type?: CtyType;
  readonly nested_type?: { readonly attributes: Record<string, SchemaAttribute>; readonly nesting_mode: string };
  readonly computed?: boolean;
  readonly optional?: boolean;
  readonly required?: boolean;
  readonly sensitive?: boolean;
}

export interface SchemaBlock {
  readonly attributes?: Record<string, SchemaAttribute>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>;
}

export interface ProviderSchemas {
  readonly provider_schemas: Record<
    string,
    {
      readonly resource_schemas?: Record<string, { readonly version: number; readonly block: SchemaBlock }>;
      readonly data_source_schemas?: Record<string, { readonly version: number; readonly block: SchemaBlock }>;
    }
  >;
}

export interface PlannedChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  readonly change: {
    readonly actions: string[];
    readonly before: unknown;
    readonly after: unknown;
    readonly after_unknown?: unknown;
    readonly after_sensitive?: unknown;
  };
}

export interface StateValuesResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  readonly values: Record<string, unknown>;
  readonly sensitive_values?: unknown;
}

export interface StateValuesModule {
  readonly address?: string;
  readonly resources?: StateValuesResource[];
  readonly child_modules?: StateValuesModule[];
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version: string;
  readonly resource_changes?: PlannedChange[];
  readonly output_changes?: Record<string, { actions: string[]; after?: unknown; after_unknown?: unknown; after_sensitive?: unknown }>;
  readonly prior_state?: { readonly values?: { readonly root_module?: StateValuesModule } };
  readonly configuration?: { readonly root_module?: { readonly resources?: Array<{ address: string; provider_config_key?: string }> } };
}

/** Every resource of a state-values tree, child modules' too. */
export function allResources(module: StateValuesModule | undefined): StateValuesResource[] {
  if (!module) return [];
  return [...(module.resources ?? []), ...(module.child_modules ?? []).flatMap(allResources)];
}

/** A provider schema's block for a resource or data source type, with its schema version. */
export function resourceSchema(schemas: ProviderSchemas, provider: string, mode: "managed" | "data", type: string): { version: number; block: SchemaBlock } {
  const provided = schemas.provider_schemas[provider];
  const schema = (mode === "managed" ? provided?.resource_schemas : provided?.data_source_schemas)?.[type];
  if (!schema) throw new Error(`no schema for ${mode === "data" ? "data source" : "resource"} ${type} in ${provider}`);
  return schema;
}
