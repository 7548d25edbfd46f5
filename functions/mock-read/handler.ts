import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { MethodNotAllowedError, NotFoundError } from "../shared/api-errors";
import { errorResponse, jsonResponse } from "../shared/responses";

/**
 * huntaze-mock-read, the control: the entry point behind API Gateway.
 *
 * So far it answers its health check; the read routes, the flag and the hand-off to the
 * Prisma candidate come with the control-path work.
 */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const requestId = event.requestContext?.requestId ?? "unknown";
  try {
    if (event.path !== "/health") throw new NotFoundError(`${event.path}`);
    if (event.httpMethod !== "GET") throw new MethodNotAllowedError(event.httpMethod, ["GET"]);
    return jsonResponse(200, { status: "ok" }, requestId);
  } catch (error) {
    return errorResponse(error, requestId);
  }
}
