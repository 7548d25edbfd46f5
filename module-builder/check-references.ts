import { hcl2json } from "./hcl2json";

/** A Terraform configuration (one folder) as hcl2json reads its files, merged. */
export type Configuration = Record<string, Record<string, any>>;

/** Parses and merges the .tf files of one folder; a syntax error names the file. */
export async function parseConfiguration(files: ReadonlyMap<string, string>): Promise<Configuration> {
  const merged: Configuration = {};
  for (const [name, text] of files) {
    if (!name.endsWith(".tf")) continue;
    const parsed = await hcl2json.parse(name, text);
    for (const [kind, blocks] of Object.entries(parsed)) {
      merged[kind] ??= {};
      for (const [key, value] of Object.entries(blocks as Record<string, any>)) {
        // resource and data are nested by type, then name; the rest by name.
        merged[kind][key] = kind === "resource" || kind === "data" ? { ...merged[kind][key], ...(value as object) } : value;
      }
    }
  }
  return merged;
}

// The attribute names lifecycle ignores are written `${…}` by hcl2json, but are not references.
const NOT_EXPRESSIONS = new Set(["ignore_changes"]);

/** Every string in a block, where the expressions are (hcl2json writes them as `${…}` templates). */
function* strings(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (!NOT_EXPRESSIONS.has(key)) yield* strings(item);
  }
}

// Names that need no declaration: the iteration and path objects, and Terraform's own.
const BUILT_IN_ROOTS = new Set(["each", "count", "path", "self", "terraform"]);

/**
 * What a reference points at, or why it points at nothing. `modules` gives, for each module call's
 * name, that module's outputs (when its source could be read).
 */
function danglingReason(reference: string, config: Configuration, moduleOutputs: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const [root, second, third] = reference.split(".");
  if (BUILT_IN_ROOTS.has(root)) return undefined;
  if (root === "var") return config.variable?.[second] ? undefined : `no variable "${second}"`;
  // hcl2json gives each locals block as one object of names; merged, they are keyed by position.
  if (root === "local") return Object.values(config.locals ?? {}).some((block: any) => second in block) ? undefined : `no local "${second}"`;
  if (root === "data") return config.data?.[second]?.[third] ? undefined : `no data "${second}" "${third}"`;
  if (root === "module") {
    if (!config.module?.[second]) return `no module "${second}"`;
    const outputs = moduleOutputs.get(second);
    if (third && outputs && !outputs.has(third)) return `module "${second}" has no output "${third}"`;
    return undefined;
  }
  return config.resource?.[root]?.[second] ? undefined : `no resource "${root}" "${second}"`;
}

/** Every reference in a configuration that points at nothing declared in it, with the reason. */
export async function danglingReferences(
  config: Configuration,
  moduleOutputs: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Promise<string[]> {
  const problems: string[] = [];
  for (const [kind, blocks] of Object.entries(config)) {
    if (kind === "terraform") continue;
    // A variable's type constraint (`${list(string)}` to hcl2json) is not an expression either.
    const checked = kind === "variable" ? Object.values(blocks).flat().map(({ type: _type, ...rest }: any) => rest) : blocks;
    for (const text of strings(checked)) {
      if (!text.includes("${")) continue;
      for (const { value } of await hcl2json.getReferencesInExpression("main.tf", text)) {
        const reason = danglingReason(value, config, moduleOutputs);
        if (reason) problems.push(`${value}: ${reason}`);
      }
    }
  }
  return [...new Set(problems)].sort();
}
