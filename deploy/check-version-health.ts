import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from "@aws-sdk/client-lambda";
import { HEALTH_CHECK_EVENT, HEALTHY_STATUS_CODE, judgeHealthAnswer } from "../contracts/health-check";
import { CanaryDeployError } from "./canary-deploy-error";

/**
 * The deploy step's own check of a new version before its deployment, for a function that has no
 * BeforeAllowTraffic hook to check it (the canary health hook: checked by its previous version, a
 * broken live hook would block its own fix). Invokes that version (not the alias) synchronously
 * with GET /health (contracts/health-check.ts) and requires a 200 with no FunctionError. Anything
 * else (an init failure, a thrown error, another status) throws, naming the function, the version
 * and what it answered; an invocation Lambda refuses throws too, saying the version was not judged.
 * The caller has created no deployment, so the alias stays where it was.
 */
export async function checkVersionHealth(
  lambda: LambdaClient,
  functionName: string,
  version: string,
  log: (line: string) => void,
  /**
   * The alias serves this version already (an environment's first apply creates it there): nothing
   * is left to stop, and a failure says so instead of that the alias stays where it was.
   */
  aliasServesIt = false,
): Promise<void> {
  const checked = `${functionName}:${version}`;
  const outcome = aliasServesIt
    ? "its alias serves it already (the first apply creates the alias at the new version): fix it and apply again"
    : "no deployment was created and the alias stays where it was";
  const refuse = (answered: string, cause?: unknown) => new CanaryDeployError(`${checked} failed its health check before traffic (${answered}); ${outcome}`, { cause });
  log(`Checking ${checked} with GET /health before deploying it`);
  let output: InvokeCommandOutput;
  try {
    output = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Qualifier: version, InvocationType: "RequestResponse", Payload: new TextEncoder().encode(JSON.stringify(HEALTH_CHECK_EVENT)) }),
    );
  } catch (error) {
    // Lambda refused the invocation itself (the deploy role may not invoke it, the version is gone,
    // a throttle): the version was not judged, so the message says what to fix instead.
    throw new CanaryDeployError(
      `could not check ${checked} with GET /health before traffic: Lambda refused the invocation ` +
        `(${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}). The version itself was not judged; ` +
        `the deploy role must be allowed lambda:InvokeFunction on ${functionName}:* (docs/deployment.md); ${outcome}`,
      { cause: error },
    );
  }
  const verdict = judgeHealthAnswer({ functionError: output.FunctionError, payload: output.Payload });
  if (!verdict.healthy) throw refuse(verdict.answered);
  log(`${checked} answered GET /health with ${HEALTHY_STATUS_CODE}`);
}
