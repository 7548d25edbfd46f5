import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from "@aws-sdk/client-lambda";
import { answeredStatusCode, HEALTH_CHECK_EVENT, HEALTHY_STATUS_CODE } from "../contracts/health-check";
import { CanaryDeployError } from "./canary-deploy-error";

/** The most of a function's answer an error message quotes: enough for its error, short enough for a log line. */
const QUOTED_ANSWER_CHARACTERS = 300;

/**
 * The deploy step's own check of a new version before its deployment, for a function that has no
 * BeforeAllowTraffic hook to check it (the canary health hook: checked by its previous version, a
 * broken live hook would block its own fix). Invokes that version (not the alias) synchronously
 * with GET /health (contracts/health-check.ts) and requires a 200 with no FunctionError. Anything
 * else (an init failure, a thrown error, another status, an invocation Lambda refuses) throws,
 * naming the function, the version and what it answered: the caller has created no deployment, so
 * the alias stays where it was.
 */
export async function checkVersionHealth(lambda: LambdaClient, functionName: string, version: string, log: (line: string) => void): Promise<void> {
  const checked = `${functionName}:${version}`;
  const refuse = (answered: string, cause?: unknown) =>
    new CanaryDeployError(`${checked} failed its health check before traffic (${answered}); no deployment was created and the alias stays where it was`, { cause });
  log(`Checking ${checked} with GET /health before deploying it`);
  let output: InvokeCommandOutput;
  try {
    output = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Qualifier: version, InvocationType: "RequestResponse", Payload: new TextEncoder().encode(JSON.stringify(HEALTH_CHECK_EVENT)) }),
    );
  } catch (error) {
    throw refuse(`it could not be invoked: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, error);
  }
  const payload = output.Payload ? new TextDecoder().decode(output.Payload) : "";
  const quoted = payload.slice(0, QUOTED_ANSWER_CHARACTERS) || "nothing";
  // An error at init reaches the caller as FunctionError too (Runtime.ImportModuleError, or the error init threw).
  if (output.FunctionError) throw refuse(`it failed, ${output.FunctionError}: ${quoted}`);
  const statusCode = answeredStatusCode(payload);
  if (statusCode !== HEALTHY_STATUS_CODE) throw refuse(`GET /health answered ${statusCode === undefined ? quoted : `${String(statusCode)}: ${quoted}`}`);
  log(`${checked} answered GET /health with ${HEALTHY_STATUS_CODE}`);
}
