import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { serveReadRequest } from "../../read-api/serve-read-request";
import { ServiceUnavailableError, type ApiError } from "../../shared/api-errors";
import { isAuthenticationFailure, isDatabaseUnavailable } from "../connection/database-errors";
import { prismaReadSource } from "../queries/prisma-read-source";
import type { ReadDatabase } from "../queries/read-client";

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
 * The prisma-read API: the shared read API (functions/read-api) over PostgreSQL. An unavailable
 * database is a 503 with Retry-After; a refused password is refetched once and the route retried.
 */
export async function handleReadRequest(event: APIGatewayProxyEvent, dependencies: ReadApiDependencies): Promise<APIGatewayProxyResult> {
  const started = performance.now();
  const retryAfterSeconds = dependencies.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  let credentialsRefreshed = false;
  const { response, route, failure } = await serveReadRequest(event, {
    source: prismaReadSource(dependencies.db),
    now: dependencies.clock(),
    runRoute: (run) => runRefreshingCredentials(run, dependencies, () => (credentialsRefreshed = true)),
    classifyFailure: (error) => unavailable(error, retryAfterSeconds),
  });
  dependencies.observe?.({ route, statusCode: response.statusCode, durationMs: performance.now() - started, error: failure, credentialsRefreshed });
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

function unavailable(error: unknown, retryAfterSeconds: number): ApiError | undefined {
  if (isDatabaseUnavailable(error)) {
    return new ServiceUnavailableError("The database is unavailable; retry shortly", retryAfterSeconds);
  }
  return undefined;
}
