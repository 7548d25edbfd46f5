import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ApiError, ForbiddenError } from "../shared/api-errors";
import { callerCreatorId } from "../shared/identity";
import { errorResponse, jsonResponse } from "../shared/responses";
import type { ReadSource } from "./read-source";
import { findRoute } from "./routes";

export interface ServeReadOptions {
  readonly source: ReadSource;
  readonly now: Date;
  /**
   * Runs the bound route; prisma-read wraps it to retry once after refreshing a rotated password.
   * @default - runs it as is
   */
  readonly runRoute?: (run: () => Promise<unknown>) => Promise<unknown>;
  /**
   * What a failure of the source means to the caller: prisma-read turns an unavailable database
   * into a 503 with Retry-After.
   * @default - every failure that is not an ApiError is a bare 500
   */
  readonly classifyFailure?: (error: unknown) => ApiError | undefined;
}

export interface ServedRead {
  readonly response: APIGatewayProxyResult;
  /** The route's name (a fixed set, for logs and metrics), or "unmatched". */
  readonly route: string;
  /** The failure behind a 5xx, for the logs only: its text never reaches the caller. */
  readonly failure?: unknown;
}

/**
 * The read API both functions serve: an API Gateway proxy event in, a JSON response out. The
 * route is found (404, 405), the caller identified (401), the parameters checked (400 naming the
 * field), the caller matched to the creator read (403); then the route reads from the source.
 * Errors a caller can act on keep their status; anything else is a bare 500 whose details go to the
 * logs, never into the response. Every response carries the request id.
 */
export async function serveReadRequest(event: APIGatewayProxyEvent, options: ServeReadOptions): Promise<ServedRead> {
  const requestId = event.requestContext?.requestId ?? "unknown";
  let route = "unmatched";
  try {
    const found = findRoute(event);
    route = found.name;
    const caller = found.isPublic ? undefined : callerCreatorId(event);
    const bound = found.bind();
    if (caller !== undefined && bound.creatorId !== caller) throw new ForbiddenError();
    const run = () => bound.run({ source: options.source, now: options.now });
    const body = await (options.runRoute ? options.runRoute(run) : run());
    return { response: jsonResponse(200, body, requestId), route };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : options.classifyFailure?.(error);
    const failure = !apiError || apiError.statusCode >= 500 ? (error instanceof ApiError && error.cause !== undefined ? error.cause : error) : undefined;
    return { response: errorResponse(apiError ?? error, requestId), route, failure };
  }
}
