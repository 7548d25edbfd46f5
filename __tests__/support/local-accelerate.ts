import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { Server as QueryPlanExecutor, Temporal } from "@prisma/query-plan-executor";

/** One request the client sent, as Accelerate would receive it. */
export interface AccelerateRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A local stand-in for Prisma Accelerate: Prisma's own query plan executor (the component that runs
 * the query plans a Prisma 7 client sends to `accelerateUrl`) behind an HTTP server on localhost,
 * checking the API key as Accelerate does and recording every request. Prisma's client speaks plain
 * HTTP to a `prisma+postgres://localhost` URL (what `prisma dev` serves), HTTPS to any other. It
 * does not cache: `cache-control` is recorded, not honoured.
 */
export class LocalAccelerate {
  readonly requests: AccelerateRequest[] = [];
  private http?: HttpServer;
  private executor?: QueryPlanExecutor;

  constructor(
    private readonly databaseUrl: string,
    readonly apiKey = "local-accelerate-test-key",
  ) {}

  /** The connection string a client uses, with the given key (the right one by default). */
  url(apiKey = this.apiKey): string {
    const { port } = this.http!.address() as AddressInfo;
    return `prisma+postgres://localhost:${port}/?api_key=${apiKey}`;
  }

  async start(): Promise<void> {
    // The executor finds each request's logger in the active OpenTelemetry context, which is empty
    // (every request fails with "No active logger found") until a context manager is registered.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    this.executor = await QueryPlanExecutor.create({
      databaseUrl: this.databaseUrl,
      queryTimeout: Temporal.Duration.from({ seconds: 5 }),
      maxTransactionTimeout: Temporal.Duration.from({ seconds: 5 }),
      maxTransactionWaitTime: Temporal.Duration.from({ seconds: 2 }),
      maxResponseSize: 5 * 1024 * 1024,
      // The executor logs through a per-request logger; tests keep it quiet.
      perRequestLogContext: { logLevel: "off", logFormat: "json" },
    });
    this.http = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        void this.answer(request.method ?? "GET", request.url ?? "/", request.headers, Buffer.concat(chunks).toString("utf8")).then(
          ({ status, headers, body }) => response.writeHead(status, headers).end(body),
          (error: unknown) => response.writeHead(500).end(String(error)),
        );
      });
    });
    await new Promise<void>((resolve) => this.http!.listen(0, "127.0.0.1", resolve));
  }

  private async answer(method: string, path: string, headers: IncomingHttpHeaders, body: string) {
    this.requests.push({ method, path, headers, body });
    if (headers.authorization !== `Bearer ${this.apiKey}`) {
      // Accelerate's answer to a bad key: Prisma's error code P6002 (Unauthorized).
      return { status: 401, headers: { "content-type": "application/json", "prisma-error-code": "P6002" }, body: JSON.stringify({ error: "API key is invalid" }) };
    }
    const forwarded = new Headers();
    for (const [name, value] of Object.entries(headers)) if (typeof value === "string") forwarded.set(name, value);
    const result = await this.executor!.fetch(
      new Request(`http://localhost${path}`, { method, headers: forwarded, body: method === "GET" ? undefined : body }),
    );
    return { status: result.status, headers: Object.fromEntries(result.headers), body: Buffer.from(await result.arrayBuffer()) };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
    await this.executor?.shutdown();
  }
}
