/**
 * The health check before traffic: the event a checker sends a new version, as API Gateway would
 * send `GET /health`, and the answer that says the version is healthy. The canary health hook sends
 * it to each read function's new version (functions/canary-health-hook/check-new-version.ts) and
 * answers it itself (its handler.ts); the deploy step sends it to a function with no
 * BeforeAllowTraffic hook, the hook among them, before creating its deployment
 * (deploy/check-version-health.ts). Plain data: both bundles import it without loading anything else.
 */

/** What every read function, and the hook, answers without a caller identity. */
export const HEALTH_CHECK_EVENT = {
  path: "/health",
  httpMethod: "GET",
  headers: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  requestContext: { requestId: "pre-traffic-health-check", authorizer: null },
} as const;

/** The fields that make an event the health check: a function's handler tells it apart by them. */
export interface HealthCheckEvent {
  readonly httpMethod: typeof HEALTH_CHECK_EVENT.httpMethod;
  readonly path: typeof HEALTH_CHECK_EVENT.path;
}

/** The status code of a healthy answer; anything else, or a FunctionError, is unhealthy. */
export const HEALTHY_STATUS_CODE = 200;

/** What a function with nothing to check beyond its own start answers (the hook: its init ran). */
export const HEALTHY_ANSWER = { statusCode: HEALTHY_STATUS_CODE, body: '{"status":"ok"}' } as const;

export function isHealthCheckEvent(event: unknown): event is HealthCheckEvent {
  if (typeof event !== "object" || event === null) return false;
  const { httpMethod, path } = event as Partial<Record<keyof HealthCheckEvent, unknown>>;
  return httpMethod === HEALTH_CHECK_EVENT.httpMethod && path === HEALTH_CHECK_EVENT.path;
}

/**
 * The status code in the payload a health-check invocation returned: undefined when the payload is
 * not JSON or names none. The caller treats undefined as unhealthy, naming the payload.
 */
export function answeredStatusCode(payload: string): unknown {
  try {
    const answer: unknown = JSON.parse(payload);
    return typeof answer === "object" && answer !== null ? (answer as { statusCode?: unknown }).statusCode : undefined;
  } catch {
    return undefined;
  }
}
