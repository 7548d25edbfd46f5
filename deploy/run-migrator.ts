import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { CanaryDeployError } from "./canary-deploy-error";

/** What the migrator function answers (functions/db-migrator/run-migrations.ts). */
interface MigratorAnswer {
  readonly applied?: unknown;
}

/** What Lambda returns as the payload of a function that threw. */
interface FunctionFailure {
  readonly errorType?: string;
  readonly errorMessage?: string;
}

/**
 * Invokes the migrator function and waits for its answer (a synchronous invocation: Lambda holds
 * the call until the function returns, up to its 15-minute limit). Throws, naming the function and
 * the failure, when the migration failed: the caller has moved no traffic yet and moves none.
 * Returns the migrations applied; none when the database was up to date.
 */
export async function runMigrator(lambda: LambdaClient, functionName: string, log: (line: string) => void): Promise<string[]> {
  log(`Migrating the database with ${functionName} before deploying`);
  const output = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: "RequestResponse", Payload: new TextEncoder().encode("{}") }));
  const payload = output.Payload ? new TextDecoder().decode(output.Payload) : "";
  if (output.FunctionError) {
    const failure = parseJson<FunctionFailure>(payload);
    const reason = failure?.errorMessage ? `${failure.errorType ?? output.FunctionError}: ${failure.errorMessage}` : payload.slice(0, 500) || output.FunctionError;
    throw new CanaryDeployError(
      `the migration failed in ${functionName} (${reason}); nothing was deployed and no traffic moved. ` +
        "Fix the migration (docs/runbooks/rollback.md, \"A bad migration\") and apply again",
    );
  }
  const applied = parseJson<MigratorAnswer>(payload)?.applied;
  if (!Array.isArray(applied) || !applied.every((name) => typeof name === "string")) {
    throw new CanaryDeployError(`${functionName} answered without the list of applied migrations (got ${payload.slice(0, 200) || "nothing"}); not deploying`);
  }
  log(applied.length === 0 ? "The database is up to date: no migration to apply" : `Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  return applied;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
