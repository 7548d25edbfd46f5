import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy that delivers every chunk a fixed time after it arrived, in order, each way: a
 * network with a round trip of about twice `oneWayMs`, as between a Lambda function and RDS, on a
 * machine where PostgreSQL answers over loopback in a tenth of a millisecond. Node's timers count
 * whole milliseconds, so a one-way delay of 1 gives round trips of 2-2.5 ms.
 */
export class LatencyProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly target: { host: string; port: number },
    private readonly oneWayMs: number,
    /**
     * Runs `deliver` `ms` later; a test holds deliveries to see what waits for its delay.
     * @default - a timer: timers of equal delay fire in the order they were set
     */
    private readonly delay: (ms: number, deliver: () => void) => void = (ms, deliver) => void setTimeout(deliver, ms),
  ) {}

  /** Starts listening on a free loopback port, and returns it. */
  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(from);
        from.on("data", (chunk: Buffer) => {
          // Each chunk its own delay, delivered in the order the chunks came.
          this.delay(this.oneWayMs, () => to.destroyed || to.write(chunk));
        });
        from.on("error", () => to.destroy());
        from.on("close", () => {
          this.sockets.delete(from);
          this.delay(this.oneWayMs, () => to.destroy());
        });
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
