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

/**
 * Two environments that would fight over the same AWS resources, or "" when they would not.
 * Every resource name comes from `namePrefix` alone (`huntaze-mock-read`, `huntaze-read-api`), never
 * from the environment's name, so that an environment's names read the same in every account:
 * - in one account, IAM role names are global: the same prefix collides in any two regions;
 * - in one account and region, API Gateway's account settings (its CloudWatch role) exist once: two
 *   environments that both manage them (`api.accountSettings: "manage"`) would take them over from
 *   each other, and destroying either would reset them for both.
 */
function collision(first: EnvironmentConfig, second: EnvironmentConfig): string {
  if (first.accountId !== second.accountId) return "";
  if (first.namePrefix === second.namePrefix) {
    return `IAM role names are global to an account, and both name theirs with the prefix "${first.namePrefix}" (${first.namePrefix}-mock-read-execution, …)`;
  }
  if (first.region === second.region && first.api.accountSettings === "manage" && second.api.accountSettings === "manage") {
    return `API Gateway's account settings in ${first.region} exist once per account and region, and both manage them (api.accountSettings: "manage"); let one keep the account's role ("existing")`;
  }
  return "";
}

/**
 * Validates every environment; that names (and so stack ids and state keys) are unique; and that
 * no two environments share an account in a way that would make their resources collide: one
 * account per environment, or per region with different `namePrefix`es.
 */
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
  environments.forEach((second, position) => {
    for (const first of environments.slice(0, position)) {
      const reason = collision(first, second);
      if (!reason) continue;
      throw new ConfigError(`environments "${first.name}" and "${second.name}"`, [
        `accountId: both deploy to account ${first.accountId} (${first.region === second.region ? first.region : `${first.region} and ${second.region}`}), where their resources would collide: ${reason}. Give each environment an account of its own (or, sharing one, a namePrefix of its own, and in one region only one environment managing API Gateway's account settings).`,
      ]);
    }
  });
  return environments;
}

export function parseStateStore(input: unknown): StateStoreConfig {
  return parseOrThrow(stateStoreSchema, input, "the state store");
}
