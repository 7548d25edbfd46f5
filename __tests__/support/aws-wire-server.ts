import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server that speaks two AWS wire protocols, so tests run the real AWS SDK v3 clients
 * (serialization, signing, retries, error parsing) with no AWS account:
 * - JSON 1.0/1.1 RPC (CodeDeploy, …): `POST /` with `X-Amz-Target: <Service>.<Operation>`;
 * - REST-JSON (Lambda, AppConfigData, …): an HTTP method and path per operation.
 * Each test registers what the service answers; every request is recorded for assertions.
 */

export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  /** The operation: the X-Amz-Target suffix for RPC, or the route's name for REST. */
  readonly operation: string;
  readonly body: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: any;
  /** Named groups of a REST route's path pattern. */
  readonly params: Readonly<Record<string, string>>;
}

export interface WireResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON; strings and bytes as they are. */
  readonly body?: unknown;
}

export type WireHandler = (request: WireRequest) => WireResponse | Promise<WireResponse>;

/** An AWS error as both protocols carry it: the type in a header and in `__type`, and a message. */
export function awsError(status: number, type: string, message: string): WireResponse {
  return { status, headers: { "x-amzn-errortype": type }, body: { __type: type, message } };
}

interface RestRoute {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
  readonly handler: WireHandler;
}

export class AwsWireServer {
  public readonly requests: WireRequest[] = [];
  private readonly rpc = new Map<string, WireHandler>();
  private readonly rest: RestRoute[] = [];
  private server?: Server;
  private url?: string;

  /** Answers `X-Amz-Target: <target>`, for example `CodeDeploy_20141006.CreateDeployment`. */
  onTarget(target: string, handler: WireHandler): this {
    this.rpc.set(target, handler);
    return this;
  }

  /** Answers a REST operation; name path parameters with groups: `/functions/(?<name>[^/]+)`. */
  onRoute(method: string, pattern: RegExp, operation: string, handler: WireHandler): this {
    this.rest.push({ method, pattern, operation, handler });
    return this;
  }

  /** The requests for one operation, in order. */
  calls(operation: string): WireRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  get endpoint(): string {
    if (!this.url) throw new Error("AwsWireServer: start() it first");
    return this.url;
  }

  /** Listens on 127.0.0.1:`port` (0: any free port; a stopped server's port: the same endpoint again). */
  async start(port = 0): Promise<this> {
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        void this.dispatch(incoming, Buffer.concat(chunks).toString("utf8")).then((response) => {
          const body =
            response.body === undefined
              ? ""
              : typeof response.body === "string" || response.body instanceof Uint8Array
                ? response.body
                : JSON.stringify(response.body);
          outgoing.writeHead(response.status ?? 200, { "content-type": "application/json", ...response.headers });
          outgoing.end(body);
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async dispatch(incoming: IncomingMessage, body: string): Promise<WireResponse> {
    const url = new URL(incoming.url ?? "/", "http://localhost");
    const method = incoming.method ?? "GET";
    const target = incoming.headers["x-amz-target"];
    let handler: WireHandler | undefined;
    let operation = `${method} ${url.pathname}`;
    let params: Record<string, string> = {};
    if (typeof target === "string") {
      handler = this.rpc.get(target);
      operation = target.slice(target.indexOf(".") + 1);
    } else {
      for (const route of this.rest) {
        const match = route.method === method ? route.pattern.exec(url.pathname) : null;
        if (match) {
          handler = route.handler;
          operation = route.operation;
          params = Object.fromEntries(
            Object.entries(match.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]),
          );
          break;
        }
      }
    }
    const request: WireRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      operation,
      body,
      json: parseJson(body),
      params,
    };
    this.requests.push(request);
    if (!handler) return awsError(400, "UnknownOperationException", `no handler for ${operation}`);
    try {
      return await handler(request);
    } catch (error) {
      return awsError(500, "InternalFailure", String(error));
    }
  }
}

function parseJson(body: string): any {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Credentials and settings for a real SDK client pointed at the server. */
export function clientConfig(server: AwsWireServer) {
  return {
    endpoint: server.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" },
    maxAttempts: 1,
  };
}

/**
 * The environment a child process needs to reach the server with the SDK's standard settings,
 * and nothing from this machine's own AWS configuration.
 */
export function childProcessEnvironment(server: AwsWireServer): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIDLOCALTEST",
    AWS_SECRET_ACCESS_KEY: "local-test-secret",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_MAX_ATTEMPTS: "1",
  };
}
