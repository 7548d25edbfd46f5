import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { handleControlRequest } from "./control";
import { logger, metrics } from "./observability";
import { createControlRuntime } from "./runtime";

/**
 * huntaze-mock-read, the control: the entry point behind API Gateway. By the prismaRead flag it
 * serves each read from its own data or hands it to huntaze-prisma-read, falling back to its own
 * data when the candidate fails. The runtime (settings, AppConfig session, clients) is built once
 * per container, at init.
 */
const runtime = createControlRuntime(process.env);

export async function handler(event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> {
  if (context) logger.addContext(context);
  metrics.captureColdStartMetric();
  try {
    return await handleControlRequest(event, runtime);
  } finally {
    metrics.publishStoredMetrics();
  }
}
