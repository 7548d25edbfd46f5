import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { errorResponse } from "./responses";

/** The route an outcome names when the handler failed before it knew the route. */
export const UNKNOWN_ROUTE = "unknown";

/**
 * The answer to an exception that escaped the handler's own error handling: a bare 500 that says
 * nothing about the cause (the caller never sees a stack trace), instead of the runtime's error
 * payload. The handler still counts it as a server error, so the alarms see it within seconds;
 * only failures outside the handler (init, timeout, out of memory) are left to Lambda's own metrics.
 */
export function unexpectedFailureResponse(event: APIGatewayProxyEvent | null | undefined, error: unknown): APIGatewayProxyResult {
  return errorResponse(error, event?.requestContext?.requestId ?? "unknown");
}
