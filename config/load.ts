import type { z } from "zod";
import {
  environmentSchema,
  stateStoreSchema,
  type EnvironmentConfig,
  type StateStoreConfig,
} from "./schema";

/** Configuration that cannot be synthesized; the message names the environment and every bad field. */
export class ConfigError extends Error {
  public readonly code = "INVALID_CONFIG";

  constructor(
    public readonly source: string,
    public readonly problems: readonly string[],
  ) {
    super(`Invalid configuration for ${source}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** `functions.mockRead.memorySizeMb`, `alerting.emails[0]`: the path a reader finds in the config file. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

function parseOrThrow<Schema extends z.ZodType>(schema: Schema, input: unknown, source: string): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${fieldPath(issue.path) || "(root)"}: ${issue.message}`);
  throw new ConfigError(source, problems);
}

function describeEnvironment(input: unknown, position: number): string {
  const name = (input as { name?: unknown } | null)?.name;
  return typeof name === "string" && name.length > 0 ? `environment "${name}"` : `environment #${position + 1}`;
}

/** Validates every environment, and that names (and so stack ids and state keys) are unique. */
export function parseEnvironments(inputs: readonly unknown[]): EnvironmentConfig[] {
  const environments = inputs.map((input, position) =>
    parseOrThrow(environmentSchema, input, describeEnvironment(input, position)),
  );
  const seen = new Set<string>();
  for (const environment of environments) {
    const stackId = `${environment.namePrefix}-${environment.name}`;
    if (seen.has(stackId)) {
      throw new ConfigError(`environment "${environment.name}"`, [
        `name: "${environment.name}" is used twice with prefix "${environment.namePrefix}": stacks and state keys would collide`,
      ]);
    }
    seen.add(stackId);
  }
  return environments;
}

export function parseStateStore(input: unknown): StateStoreConfig {
  return parseOrThrow(stateStoreSchema, input, "the state store");
}
