import { AppConfigDataClient } from "@aws-sdk/client-appconfigdata";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SAFE_DEFAULT_FLAG } from "./flag/prisma-read-flag";
import { FlagSource } from "./flag/flag-source";
import { AfterResponseQueue } from "../shared/after-response";
import { dispatchShadowRead } from "./candidate/dispatch-shadow-read";
import { invokeCandidate } from "./candidate/invoke-candidate";
import type { ControlDependencies } from "./control";
import { mockReadSource } from "./mock-data/mock-read-source";
import { recordControlOutcome, recordFlagFailure, recordShadowDispatchFailure, tracer } from "./observability";
import { readControlSettings } from "./settings";

export interface ControlClients {
  readonly appConfigData: AppConfigDataClient;
  readonly lambda: LambdaClient;
}

/** The control's dependencies, with the queue of work its handler ends each invocation on. */
export interface ControlRuntime extends ControlDependencies {
  readonly afterResponse: AfterResponseQueue;
}

/**
 * What a container reuses across invocations: the settings, one AppConfig session (inside the
 * FlagSource, whose first read starts here, during init), one Lambda client, the mock data, and the
 * queue of shadow reads to hand over after each response (run by functions/shared/after-response.ts,
 * which the handler starts).
 */
export function createControlRuntime(
  environment: Readonly<Record<string, string | undefined>>,
  /**
   * @default - clients configured by the Lambda environment (region, credentials); the Lambda
   * client traced, so that the candidate's invocation is a subsegment and carries the trace on
   */
  clients: ControlClients = { appConfigData: new AppConfigDataClient({}), lambda: tracer.captureAWSv3Client(new LambdaClient({})) },
): ControlRuntime {
  const settings = readControlSettings(environment);
  const flagged = settings.FLAG_APPLICATION_ID !== undefined && settings.CANDIDATE_FUNCTION_ARN !== undefined;
  const flags = flagged
    ? new FlagSource(clients.appConfigData, {
        application: settings.FLAG_APPLICATION_ID!,
        environment: settings.FLAG_ENVIRONMENT_ID!,
        profile: settings.FLAG_PROFILE_ID!,
        minimumPollIntervalSeconds: settings.FLAG_POLL_INTERVAL_SECONDS,
        retryAfterSeconds: settings.FLAG_RETRY_SECONDS,
        callTimeoutMs: settings.FLAG_CALL_TIMEOUT_MS,
        onFailure: recordFlagFailure,
      })
    : { flag: async () => ({ flag: SAFE_DEFAULT_FLAG, origin: "safe-default" as const }) };
  // Read the flag during init, so the first request finds it (or a poll under way) instead of
  // paying for the session. It never rejects: failures fall back inside FlagSource.
  void flags.flag();
  const candidateArn = settings.CANDIDATE_FUNCTION_ARN;
  return {
    flags,
    // Without a flag every read stays with the control, so a missing candidate is never asked.
    candidate: async (event) =>
      candidateArn
        ? invokeCandidate(clients.lambda, event, { functionArn: candidateArn, budgetMs: settings.CANDIDATE_BUDGET_MS })
        : { ok: false, failure: "invoke-error", detail: "no candidate is configured" },
    source: mockReadSource(),
    clock: () => new Date(),
    observe: recordControlOutcome,
    shadow: candidateArn ? (payload) => dispatchShadowRead(clients.lambda, payload, { functionArn: candidateArn }) : undefined,
    afterResponse: new AfterResponseQueue(recordShadowDispatchFailure),
  };
}
