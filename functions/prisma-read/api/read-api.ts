import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ApiError, ForbiddenError, ServiceUnavailableError } from "../../shared/api-errors";
import { errorResponse, jsonResponse } from "../../shared/responses";
import { isAuthenticationFailure, isDatabaseUnavailable } from "../connection/database-errors";
import type { ReadDatabase } from "../queries/read-client";
import { callerCreatorId } from "../../shared/identity";
import { findRoute } from "./routes";

/** How long a caller should wait after a 503: about the time a Multi-AZ failover or a restart takes. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** What happened to one request, for logs and metrics. */
export interface RequestOutcome {
  readonly route: string;
  readonly statusCode: number;
  readonly durationMs: number;
  /** The failure behind a 5xx, for the logs only: its text never reaches the caller. */
  readonly error?: unknown;
  /** True when the secret was refetched after a failed authentication. */
  readonly credentialsRefreshed: boolean;
}

export interface ReadApiDependencies {
  readonly db: ReadDatabase;
  readonly clock: () => Date;
  /**
   * Fetches the database password again, bypassing the cache; called once when a statement fails
   * authentication (the secret was rotated), before the route is retried.
   * @default - no refresh: the connection string's password is all there is
   */
  readonly refreshCredentials?: () => Promise<void>;
  /** @default 5 */
  readonly retryAfterSeconds?: number;
  /** Told about every request once its response is ready. */
  readonly observe?: (outcome: RequestOutcome) => void;
}

/**
 * The prisma-read API: an API Gateway proxy event in, a JSON response out. Errors a caller can act
 * on keep their status; an unavailable database is a 503 with Retry-After; anything else is a bare
 * 500 whose details go to the logs, never into the response.
 */
export async function handleReadRequest(event: APIGatewayProxyEvent, dependencies: ReadApiDependencies): Promise<APIGatewayProxyResult> {
  const started = performance.now();
  const requestId = event.requestContext?.requestId ?? "unknown";
  let routeName = "unmatched";
  let credentialsRefreshed = false;
  let response: APIGatewayProxyResult;
  let failure: unknown;
  try {
    const found = findRoute(event);
    routeName = found.name;
    const caller = found.isPublic ? undefined : callerCreatorId(event);
    const route = found.bind();
    if (caller !== undefined && route.creatorId !== caller) throw new ForbiddenError();
    const run = () => route.run({ db: dependencies.db, now: dependencies.clock() });
    const body = await runRefreshingCredentials(run, dependencies, () => (credentialsRefreshed = true));
    response = jsonResponse(200, body, requestId);
  } catch (error) {
    const apiError = toApiError(error, dependencies.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
    if (!apiError || apiError.statusCode >= 500) failure = error instanceof ApiError && error.cause !== undefined ? error.cause : error;
    response = errorResponse(apiError ?? error, requestId);
  }
  dependencies.observe?.({
    route: routeName,
    statusCode: response.statusCode,
    durationMs: performance.now() - started,
    error: failure,
    credentialsRefreshed,
  });
  return response;
}

async function runRefreshingCredentials(
  run: () => Promise<unknown>,
  dependencies: ReadApiDependencies,
  onRefresh: () => void,
): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (!dependencies.refreshCredentials || !isAuthenticationFailure(error)) throw error;
    // Once only: if the fresh secret fails too, the database is unavailable to us (503), and a
    // loop of refetches would only hammer Secrets Manager.
    await dependencies.refreshCredentials().catch((refreshError: unknown) => {
      throw new ServiceUnavailableError("The database is unavailable; retry shortly", dependencies.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS, {
        cause: refreshError,
      });
    });
    onRefresh();
    return await run();
  }
}

function toApiError(error: unknown, retryAfterSeconds: number): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (isDatabaseUnavailable(error)) {
    return new ServiceUnavailableError("The database is unavailable; retry shortly", retryAfterSeconds);
  }
  return undefined;
}
