import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { runAfterResponses } from "../shared/after-response";
import { unexpectedFailureResponse } from "../shared/unexpected-failure";
import { handleControlRequest } from "./control";
import { inHandlerSubsegment } from "../shared/handler-subsegment";
import { logger, metrics, recordUnexpectedFailure, tracer } from "./observability";
import { createControlRuntime } from "./runtime";

/**
 * huntaze-mock-read, the control: the entry point behind API Gateway. By the prismaRead flag it
 * serves each read from its own data or hands it to huntaze-prisma-read, falling back to its own
 * data when the candidate fails. The runtime (settings, AppConfig session, clients) is built once
 * per container, at init.
 */
const runtime = createControlRuntime(process.env);
// The after-response extension registers during init, before the runtime asks for its first
// invocation, as Lambda requires of an internal extension; shadow reads are handed over from it.
await runAfterResponses(runtime.afterResponse, process.env);

export async function handler(event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> {
  if (context) logger.addContext(context);
  metrics.captureColdStartMetric();
  const started = performance.now();
  try {
    return await inHandlerSubsegment(tracer, process.env._HANDLER ?? "index.handler", () => handleControlRequest(event, runtime));
  } catch (error) {
    recordUnexpectedFailure(error, performance.now() - started);
    return unexpectedFailureResponse(event, error);
  } finally {
    metrics.publishStoredMetrics();
    // Whatever this invocation queued (a shadow read) may run now: the response is on its way.
    runtime.afterResponse.endInvocation();
  }
}
