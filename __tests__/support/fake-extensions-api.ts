import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server that speaks Lambda's Extensions API (2020-01-01) as an extension meets it:
 * register (the Lambda-Extension-Name header and the events in the body, answered with a
 * Lambda-Extension-Identifier), then event/next, held open until the test sends the next event
 * (`invoke`, `shutdown`), as Lambda holds it until an invocation arrives. Every request is recorded
 * in `log`, in order, with the test's own marks.
 */
export class FakeExtensionsApi {
  /** What happened, in order: `register <name> <events>`, `next`, and whatever the test notes. */
  public readonly log: string[] = [];
  public readonly registrations: Array<{ name: string | undefined; events: unknown }> = [];
  /** The answer to register, when not the normal one (a refusal); `"never"` leaves it unanswered. */
  public registerAnswer?: { status: number; body: string } | "never";
  /** The answer to the next event/next, when not an event (a container error). */
  public nextAnswer?: { status: number; body: string };
  private readonly identifier = randomUUID();
  private pendingNext?: ServerResponse;
  private nextArrived?: () => void;
  private server?: Server;

  /** host:port, as AWS_LAMBDA_RUNTIME_API holds it. */
  get runtimeApi(): string {
    if (!this.server) throw new Error("FakeExtensionsApi: start() it first");
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** How many event/next calls have arrived so far. */
  get nextCalls(): number {
    return this.log.filter((entry) => entry === "next").length;
  }

  note(entry: string): void {
    this.log.push(entry);
  }

  async start(): Promise<this> {
    this.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => this.answer(incoming, outgoing, Buffer.concat(chunks).toString("utf8")));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once an event/next is waiting for its event. */
  async waitForNext(): Promise<void> {
    if (this.pendingNext) return;
    await new Promise<void>((resolve) => (this.nextArrived = resolve));
  }

  /** Answers the waiting event/next with an INVOKE event, as Lambda does when an invocation arrives. */
  async invoke(requestId: string): Promise<void> {
    await this.send({
      eventType: "INVOKE",
      deadlineMs: Date.now() + 30_000,
      requestId,
      invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:huntaze-mock-read:live",
      tracing: { type: "X-Amzn-Trace-Id", value: "Root=1-5f35ae12-0c0fec141ab77a00bc047aa2;Parent=2be948a625588e32;Sampled=1" },
    });
    this.log.push(`invoke ${requestId}`);
  }

  /** Answers the waiting event/next with a SHUTDOWN event. */
  async shutdown(): Promise<void> {
    await this.send({ eventType: "SHUTDOWN", shutdownReason: "spindown", deadlineMs: Date.now() + 500 });
    this.log.push("shutdown");
  }

  private async send(event: Record<string, unknown>): Promise<void> {
    await this.waitForNext();
    const outgoing = this.pendingNext!;
    this.pendingNext = undefined;
    outgoing.writeHead(200, { "content-type": "application/json", "Lambda-Extension-Event-Identifier": randomUUID() }).end(JSON.stringify(event));
  }

  private answer(incoming: IncomingMessage, outgoing: ServerResponse, body: string): void {
    const url = incoming.url ?? "";
    if (incoming.method === "POST" && url === "/2020-01-01/extension/register") {
      const name = incoming.headers["lambda-extension-name"] as string | undefined;
      const events = JSON.parse(body || "{}").events;
      this.registrations.push({ name, events });
      this.log.push(`register ${name} ${JSON.stringify(events)}`);
      if (this.registerAnswer === "never") return;
      if (this.registerAnswer) {
        outgoing.writeHead(this.registerAnswer.status, { "content-type": "application/json" }).end(this.registerAnswer.body);
        return;
      }
      outgoing
        .writeHead(200, { "content-type": "application/json", "Lambda-Extension-Identifier": this.identifier })
        .end(JSON.stringify({ functionName: "huntaze-mock-read", functionVersion: "$LATEST", handler: "index.handler" }));
      return;
    }
    if (incoming.method === "GET" && url === "/2020-01-01/extension/event/next") {
      if (incoming.headers["lambda-extension-identifier"] !== this.identifier) {
        outgoing.writeHead(403, { "content-type": "application/json" }).end('{"errorType":"Extension.InvalidExtensionIdentifier"}');
        return;
      }
      this.log.push("next");
      if (this.nextAnswer) {
        outgoing.writeHead(this.nextAnswer.status, { "content-type": "application/json" }).end(this.nextAnswer.body);
        return;
      }
      this.pendingNext = outgoing;
      this.nextArrived?.();
      this.nextArrived = undefined;
      return;
    }
    outgoing.writeHead(404).end();
  }
}
