import type { APIGatewayProxyEvent } from "aws-lambda";
import { CREATOR_ID_CLAIM } from "../../functions/shared/identity";

export interface ProxyEventOptions {
  /** The creator the caller is, as the Cognito authorizer's claims carry it; none for an anonymous call. */
  readonly caller?: string;
  readonly method?: string;
  readonly requestId?: string;
}

/**
 * The event API Gateway's REST proxy integration hands the functions for `GET <pathAndQuery>`, as
 * seen behind the Cognito authorizer: for running a handler outside Lambda (scripts, benchmarks).
 */
export function proxyEvent(pathAndQuery: string, options: ProxyEventOptions = {}): APIGatewayProxyEvent {
  const url = new URL(pathAndQuery, "http://localhost");
  const query = [...url.searchParams.keys()];
  return {
    path: url.pathname,
    httpMethod: options.method ?? "GET",
    queryStringParameters: query.length > 0 ? Object.fromEntries(url.searchParams) : null,
    multiValueQueryStringParameters: query.length > 0 ? Object.fromEntries(query.map((name) => [name, url.searchParams.getAll(name)])) : null,
    headers: {},
    requestContext: {
      requestId: options.requestId ?? "local",
      authorizer: options.caller ? { claims: { [CREATOR_ID_CLAIM]: options.caller } } : null,
    },
  } as unknown as APIGatewayProxyEvent;
}
