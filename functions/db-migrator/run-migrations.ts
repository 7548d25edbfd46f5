import { join } from "node:path";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { applyMigrations, projectMigrationPaths } from "../../database/migrations";
import { SCHEMA_ENGINE_WASM_FILE } from "../../database/schema-engine-file";
import { readAdminCredentials } from "./admin-credentials";
import type { MigratorSettings } from "./settings";

/** What one run did: the migrations it applied, in order (none when the database was up to date). */
export interface MigrationRun {
  readonly applied: readonly string[];
}

/** A migration that could not be applied; the message is PostgreSQL's or the engine's. */
export class MigrationFailedError extends Error {
  public readonly code = "MIGRATION_FAILED";
  override readonly name = "MigrationFailedError";
}

/** The connection string the engine uses: the admin login, TLS as the settings say. */
export function adminDatabaseUrl(settings: MigratorSettings, credentials: { username: string; password: string }): string {
  const url = new URL(`postgresql://${settings.DATABASE_HOST}:${settings.DATABASE_PORT}`);
  url.username = credentials.username;
  url.password = credentials.password;
  url.pathname = `/${settings.DATABASE_NAME}`;
  url.searchParams.set("sslmode", settings.DATABASE_TLS === "verify-full" ? "verify-full" : "disable");
  url.searchParams.set("application_name", "huntaze-db-migrator");
  return url.toString();
}

/**
 * Applies the migrations shipped in the zip (`prisma/` beside index.mjs) under the migration
 * advisory lock (database/migrations.ts): a second run at the same time waits for the first and
 * then finds nothing to do; a run on an up-to-date database applies nothing.
 */
export async function runMigrations(settings: MigratorSettings, secretsManager: SecretsManagerClient, taskRoot: string): Promise<MigrationRun> {
  const credentials = await readAdminCredentials(secretsManager, settings.DATABASE_SECRET_ARN);
  try {
    const applied = await applyMigrations(adminDatabaseUrl(settings, credentials), projectMigrationPaths(taskRoot), {
      wasmPath: join(taskRoot, SCHEMA_ENGINE_WASM_FILE),
    });
    return { applied };
  } catch (error) {
    // The engine's errors can quote the connection string; the password never leaves the function.
    const message = (error instanceof Error ? error.message : String(error)).split(credentials.password).join("***");
    throw new MigrationFailedError(message);
  }
}
