import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { ShadowReadResult } from "../contracts/shadow-read";
import { handleControlRequest, READ_PATH_HEADER, type ControlDependencies, type ControlOutcome } from "../functions/mock-read/control";
import { mockReadSource } from "../functions/mock-read/mock-data/mock-read-source";
import { DEFAULT_CANDIDATE_BUDGET_MS } from "../functions/mock-read/settings";
import { createReadRuntime } from "../functions/prisma-read/runtime";
import type { AfterResponseTask } from "../functions/shared/after-response";
import { REQUEST_ID_HEADER } from "../functions/shared/responses";
import { DevTokens } from "./dev-tokens";
import { CandidateContainers } from "./candidate-containers";
import { inProcessCandidate } from "./local-candidate";

export interface DevServerOptions {
  /** 0 picks a free port. Ignored when `server` is given. */
  readonly port: number;
  readonly host?: string;
  /**
   * A server already listening (bindDevServerPort), for a caller that holds its port before
   * starting anything else.
   * @default - a new server, listening on `host`:`port`
   */
  readonly server?: Server;
  readonly databaseUrl: string;
  /**
   * Where the control reads the flag: a LocalFlagSource (a file) for a local run; the real
   * AppConfig FlagSource in the fault tests.
   */
  readonly flags: ControlDependencies["flags"];
  /** The creators `/_local/session` hands tokens for. */
  readonly creators: ReadonlyArray<{ readonly id: string; readonly handle: string }>;
  /**
   * The candidate's Lambda environment, read by its own runtime (settings, login, pool).
   * @default - `{ DATABASE_URL: databaseUrl }`
   */
  readonly candidateEnvironment?: Readonly<Record<string, string | undefined>>;
  /** For a candidate that logs in with a password from Secrets Manager. */
  readonly secretsManager?: SecretsManagerClient;
  /** How many warm candidate containers serve the reads, each with its own pool (see CandidateContainers). */
  readonly candidateContainers?: number;
  /** How long the control waits for the candidate, as CANDIDATE_BUDGET_MS does when deployed. */
  readonly candidateBudgetMs?: number;
  /** Told about each request (the dev script prints a line). */
  readonly onRequest?: (line: string) => void;
  /** Told what the control did with each request (its metric and log record). */
  readonly onOutcome?: (outcome: ControlOutcome) => void;
  /**
   * The migration's last phase: API Gateway calls the candidate, and there is no control (nor
   * flag) in the path. Reads go straight to the candidate, marked `x-read-path: direct`.
   * @default false
   */
  readonly direct?: boolean;
  /** Told the candidate's result for each shadow read, once it has served it in the dark. */
  readonly onShadowRead?: (result: ShadowReadResult) => void;
  /** Told of a shadow read that could not be handed to the candidate. */
  readonly onShadowFailure?: (error: unknown) => void;
}

export interface DevServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Warm candidate containers behind the local server. Fewer queue reads behind their pools of two;
 * more put more PostgreSQL backends on the same cores. Four sits in the flat middle of that trade
 * under bench:load's 50 connections (the measurements: docs/decisions.md).
 */
const DEFAULT_CANDIDATE_CONTAINERS = 4;

/** The port is taken: the message names it and says how to choose another. */
export class PortInUseError extends Error {
  public readonly code = "PORT_IN_USE";

  constructor(
    public readonly host: string,
    public readonly port: number,
  ) {
    super(`port ${port} on ${host} is already in use: stop what listens there, or choose another port with PORT=<port>`);
    this.name = "PortInUseError";
  }
}

/**
 * An HTTP server listening on `host`:`port`, with no request handler yet: holding the port from
 * the start means a taken port is known before anything else starts, and nothing can take it
 * meanwhile. Rejects with PortInUseError when the port is taken, naming any other failure.
 */
export function bindDevServerPort(port: number, host = "127.0.0.1"): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new PortInUseError(host, port) : new Error(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`));
    });
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * The x-read-path of a read in the direct phase, set by the local server standing in for API
 * Gateway: deployed, the candidate answers with no such header, as no control is there to add it.
 */
export const DIRECT_READ_PATH = "direct";

/** Paths API Gateway lets through without a token (the deployed API's public routes). */
const PUBLIC_PATHS = new Set(["/health"]);
export const SESSION_PATH = "/_local/session";

/** The creators `SESSION_PATH` hands out, each with a token for the Authorization header. */
export async function fetchSession(serverUrl: string): Promise<Array<{ id: string; handle: string; token: string }>> {
  const response = await fetch(`${serverUrl}${SESSION_PATH}`);
  return ((await response.json()) as { creators: Array<{ id: string; handle: string; token: string }> }).creators;
}

/** An HTTP request as API Gateway's REST proxy integration hands it to the control. */
function proxyEventOf(request: IncomingMessage, url: URL, requestId: string, claims: Record<string, unknown> | undefined): APIGatewayProxyEvent {
  const names = [...new Set(url.searchParams.keys())];
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(",") : (value ?? "")]));
  return {
    path: url.pathname,
    httpMethod: request.method ?? "GET",
    headers,
    multiValueHeaders: {},
    queryStringParameters: names.length > 0 ? Object.fromEntries(names.map((name) => [name, url.searchParams.get(name) ?? ""])) : null,
    multiValueQueryStringParameters: names.length > 0 ? Object.fromEntries(names.map((name) => [name, url.searchParams.getAll(name)])) : null,
    pathParameters: { proxy: url.pathname.slice(1) },
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId, authorizer: claims ? { claims } : null },
  } as unknown as APIGatewayProxyEvent;
}

/** What API Gateway answers itself when the authorizer refuses (the deployed gateway response's format). */
function unauthorized(requestId: string): APIGatewayProxyResult {
  return {
    statusCode: 401,
    headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId },
    body: JSON.stringify({ error: { code: "UNAUTHORIZED", message: "Unauthorized" }, requestId }),
  };
}

/**
 * The read API on this machine: each HTTP request becomes an API Gateway proxy event and goes
 * through the real control (flag from a file, same parser and routing), which hands reads to the
 * real candidate, invoked in-process, on a real PostgreSQL; in shadow mode, the sampled reads go to
 * the candidate's shadow handler once their answer is written. With `direct`, events go straight to
 * the candidate. Tokens from `/_local/session` stand in for Cognito's: the server checks them as
 * API Gateway's authorizer would, and passes the claims on.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const tokens = new DevTokens();
  const containers = new CandidateContainers(options.candidateContainers ?? DEFAULT_CANDIDATE_CONTAINERS, () =>
    createReadRuntime(options.candidateEnvironment ?? { DATABASE_URL: options.databaseUrl }, options.secretsManager),
  );
  const candidate = inProcessCandidate((event) => containers.handle(event), options.candidateBudgetMs ?? DEFAULT_CANDIDATE_BUDGET_MS);
  const control: ControlDependencies = {
    flags: options.flags,
    candidate,
    source: mockReadSource(),
    clock: () => new Date(),
    observe: options.onOutcome,
    // As Lambda hands the control's Event invocation to the candidate's handler, in-process.
    shadow: async (payload) => options.onShadowRead?.(await containers.shadow(payload)),
  };

  const answer = async (request: IncomingMessage, afterResponse: ControlDependencies["afterResponse"]): Promise<APIGatewayProxyResult> => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const requestId = randomUUID();
    if (url.pathname === SESSION_PATH) {
      const creators = await Promise.all(options.creators.map(async ({ id, handle }) => ({ id, handle, token: await tokens.issue(id) })));
      return { statusCode: 200, headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId }, body: JSON.stringify({ creators }) };
    }
    const claims = await tokens.verify(request.headers.authorization);
    if (!claims && !(PUBLIC_PATHS.has(url.pathname) && request.method === "GET")) return unauthorized(requestId);
    const event = proxyEventOf(request, url, requestId, claims);
    if (options.direct) {
      const response = await containers.handle(event);
      return { ...response, headers: { ...response.headers, [READ_PATH_HEADER]: DIRECT_READ_PATH } };
    }
    return handleControlRequest(event, { ...control, afterResponse });
  };

  /** One request's answer, and what it left to run once the answer is written. */
  const respond = async (request: IncomingMessage): Promise<{ result: APIGatewayProxyResult; after: AfterResponseTask[] }> => {
    const after: AfterResponseTask[] = [];
    const result = await answer(request, { add: (task) => after.push(task) });
    return { result, after };
  };

  const server = options.server ?? (await bindDevServerPort(options.port, options.host));
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on("end", () => {
      void respond(request).then(
        ({ result, after }) => {
          // The shadow read starts once the answer is written, as Lambda runs it after the response.
          response.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body, () => {
            for (const task of after) task().catch((error: unknown) => options.onShadowFailure?.(error));
          });
          const shadowed = after.length > 0 ? " (shadowed)" : "";
          options.onRequest?.(`${request.method} ${request.url} → ${result.statusCode} ${String(result.headers?.[READ_PATH_HEADER] ?? "")}${shadowed}`);
        },
        (error: unknown) => {
          response.writeHead(500, { "content-type": "application/json" }).end('{"error":{"code":"INTERNAL_ERROR","message":"An unexpected error occurred"}}');
          options.onRequest?.(`${request.method} ${request.url} → 500 (${error instanceof Error ? error.message : String(error)})`);
        },
      );
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await containers.close();
    },
  };
}
