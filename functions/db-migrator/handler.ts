import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { runMigrations, type MigrationRun } from "./run-migrations";
import { readMigratorSettings } from "./settings";

/**
 * huntaze-db-migrator: applies the read path's migrations from inside the database's VPC. The
 * deploy step invokes it (synchronously) before the candidate's canary and stops when it fails.
 * It takes no input: what it applies is what its zip holds.
 */
const settings = readMigratorSettings(process.env);
const secretsManager = new SecretsManagerClient({});

export async function handler(): Promise<MigrationRun> {
  const run = await runMigrations(settings, secretsManager, settings.LAMBDA_TASK_ROOT ?? process.cwd());
  console.log(JSON.stringify({ level: "INFO", message: run.applied.length === 0 ? "database is up to date" : `applied ${run.applied.join(", ")}` }));
  return run;
}
