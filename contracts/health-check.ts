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

/** The most of an answer a verdict quotes: enough for its error, short enough for a log line. */
const QUOTED_ANSWER_CHARACTERS = 300;

/** What a health-check invocation returned: Lambda's FunctionError and payload, as Invoke gives them. */
export interface HealthCheckAnswer {
  readonly functionError?: string;
  readonly payload?: Uint8Array;
}

/**
 * The one verdict on a health-check answer, for the hook's check of a read function and the deploy
 * step's check of the hook alike: healthy on a 200 with no FunctionError; otherwise what it
 * answered, quoted (an error at init reaches the caller as a FunctionError too).
 */
export function judgeHealthAnswer(answer: HealthCheckAnswer): { readonly healthy: true } | { readonly healthy: false; readonly answered: string } {
  const payload = answer.payload ? new TextDecoder().decode(answer.payload) : "";
  const quoted = payload.slice(0, QUOTED_ANSWER_CHARACTERS) || "nothing";
  if (answer.functionError) return { healthy: false, answered: `it failed, ${answer.functionError}: ${quoted}` };
  const statusCode = answeredStatusCode(payload);
  if (statusCode === HEALTHY_STATUS_CODE) return { healthy: true };
  return { healthy: false, answered: `GET /health answered ${statusCode === undefined ? quoted : `${String(statusCode)}: ${quoted}`}` };
}
