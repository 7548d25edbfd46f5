// First: it decides how the X-Ray SDK, loaded by the Tracer below, tracks context.
import "../shared/xray-context-mode";
import { setTimeout as sleep } from "node:timers/promises";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { Logger } from "@aws-lambda-powertools/logger";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { HEALTHY_ANSWER, isHealthCheckEvent, type HealthCheckEvent } from "../../contracts/health-check";
import { inHandlerSubsegment } from "../shared/handler-subsegment";
import type { LifecycleHookEvent } from "./check-new-version";
import { runLifecycleHook } from "./run-lifecycle-hook";
import { readHookSettings } from "./settings";

/**
 * huntaze-canary-health-hook: CodeDeploy's lifecycle hooks for every read function. Before any
 * traffic moves (BeforeAllowTraffic) it checks the new version (check-new-version.ts); once all
 * traffic has moved (AfterAllowTraffic) it bakes it against the deployment's alarms
 * (bake-new-version.ts). Which one runs is read from the deployment (run-lifecycle-hook.ts).
 * It also answers GET /health (contracts/health-check.ts), which its own deploy step sends its new
 * version before any traffic moves: reaching the handler proves its init (settings parsed, clients
 * built) succeeded, and it checks nothing else, so answering calls no AWS API.
 * Traced like the read functions: the hook and its verdict are annotations, and the calls it
 * makes (the new version's invocation among them) are subsegments.
 */
const SERVICE_NAME = "huntaze-canary-health-hook";
const logger = new Logger({ serviceName: SERVICE_NAME });
const tracer = new Tracer({ serviceName: SERVICE_NAME });
const settings = readHookSettings(process.env);
const clients = {
  codeDeploy: tracer.captureAWSv3Client(new CodeDeployClient({})),
  lambda: tracer.captureAWSv3Client(new LambdaClient({})),
  cloudWatch: tracer.captureAWSv3Client(new CloudWatchClient({})),
};
const bake = { bakeSeconds: settings.CANARY_BAKE_SECONDS, pollSeconds: settings.CANARY_BAKE_POLL_SECONDS, now: Date.now, sleep };

export async function handler(event: LifecycleHookEvent | HealthCheckEvent): Promise<typeof HEALTHY_ANSWER | void> {
  if (isHealthCheckEvent(event)) return HEALTHY_ANSWER;
  await inHandlerSubsegment(tracer, process.env._HANDLER ?? "index.handler", async () => {
    const { hook, verdict } = await runLifecycleHook(event, clients, bake);
    tracer.putAnnotation("hook", hook);
    tracer.putAnnotation("verdict", verdict.status);
    const fields = { deploymentId: event.DeploymentId, hook, ...verdict };
    if (verdict.status === "Succeeded") logger.info("new version is healthy", fields);
    else logger.error("new version failed its hook; CodeDeploy rolls back", fields);
  });
}
