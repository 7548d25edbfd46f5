import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { ShadowReadPayload, ShadowReadResult } from "../../contracts/shadow-read";
import { UNKNOWN_ROUTE, unexpectedFailureResponse } from "../shared/unexpected-failure";
import { handleReadRequest } from "./api/read-api";
import { inHandlerSubsegment } from "../shared/handler-subsegment";
import { logger, metrics, recordOutcome, tracer } from "./observability";
import { createReadRuntime } from "./runtime";
import { handleShadowRead } from "./shadow/handle-shadow-read";
import { isShadowReadPayload } from "./shadow/shadow-payload";

/**
 * huntaze-prisma-read, the candidate: serves Huntaze's reads from PostgreSQL through Prisma.
 * The runtime (settings, secret cache, Prisma client) is built once per container, at init.
 */
const runtime = createReadRuntime(process.env);
// Part of init, which Lambda may run before a request arrives: Prisma's query compiler and the
// login method's AWS SDK client load here rather than in the first request. Nothing connects.
await runtime.ready;

// Lambda sends SIGTERM before it shuts a container down only when an extension is registered, and
// this function registers none: in AWS its connections end with the container, unannounced, and
// PostgreSQL drops them when TCP gives up on them (its keepalive settings), as it does for any
// client that vanishes. Closing the pool here serves local runs and any extension added later.
process.once("SIGTERM", () => {
  void runtime.database.disconnect().finally(() => process.exit(0));
});

/**
 * A caller's read (an API Gateway event, through the live alias), or a shadow read the control
 * hands over after answering its caller (an Event invocation: contracts/shadow-read.ts), which is
 * served in the dark and never throws.
 */
export function handler(event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult>;
export function handler(event: ShadowReadPayload, context?: Context): Promise<ShadowReadResult>;
export async function handler(event: APIGatewayProxyEvent | ShadowReadPayload, context?: Context): Promise<APIGatewayProxyResult | ShadowReadResult> {
  if (context) logger.addContext(context);
  metrics.captureColdStartMetric();
  if (isShadowReadPayload(event)) return handleShadowRead(event, runtime.dependencies, context);
  const started = performance.now();
  try {
    return await inHandlerSubsegment(tracer, process.env._HANDLER ?? "index.handler", () => handleReadRequest(event, runtime.dependencies));
  } catch (error) {
    recordOutcome({ route: UNKNOWN_ROUTE, statusCode: 500, durationMs: performance.now() - started, error, credentialsRefreshed: false });
    return unexpectedFailureResponse(event, error);
  } finally {
    metrics.publishStoredMetrics();
  }
}
