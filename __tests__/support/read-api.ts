import type { APIGatewayProxyEvent } from "aws-lambda";
import { handleReadRequest, type ReadApiDependencies } from "../../functions/prisma-read/api/read-api";
import { openReadClient, type OpenReadClient, type QueryEvent } from "../../functions/prisma-read/connection/read-client-factory";
import { readDatabaseSettings } from "../../functions/prisma-read/connection/settings";
import { proxyEvent } from "../../scripts/lib/proxy-event";

/** The seed's "now": revenue windows in tests are measured from it. */
export const TEST_NOW = new Date("2026-11-01T00:00:00.000Z");

export interface EventOptions {
  /** The creator the caller is; omit for a request without identity. */
  readonly caller?: string;
  readonly query?: Record<string, string>;
  readonly method?: string;
}

/** An API Gateway proxy event as the REST API's Cognito authorizer passes it on, with its own request id. */
export function apiEvent(path: string, options: EventOptions = {}): APIGatewayProxyEvent {
  const search = options.query ? `?${new URLSearchParams(options.query)}` : "";
  return proxyEvent(`${path}${search}`, {
    caller: options.caller,
    method: options.method,
    requestId: `test-${Math.random().toString(16).slice(2)}`,
  });
}

/** Statements Prisma sent, without transaction control, which the "at most two" rule does not count. */
export class StatementLog {
  public readonly events: QueryEvent[] = [];

  readonly listener = (event: QueryEvent) => {
    this.events.push(event);
  };

  get statements(): QueryEvent[] {
    return this.events.filter((event) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)\b/i.test(event.query));
  }

  clear(): void {
    this.events.length = 0;
  }
}

/** prisma-read's client on a database URL, as a local run configures it, with every statement logged. */
export function openTestClient(url: string, statements?: StatementLog, environment: Record<string, string> = {}): OpenReadClient {
  return openReadClient(readDatabaseSettings({ DATABASE_URL: url, ...environment }), { onQuery: statements?.listener });
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: any;
}

export async function request(event: APIGatewayProxyEvent, dependencies: ReadApiDependencies): Promise<JsonResponse> {
  const response = await handleReadRequest(event, dependencies);
  return { status: response.statusCode, headers: response.headers as Record<string, string>, body: JSON.parse(response.body) };
}
