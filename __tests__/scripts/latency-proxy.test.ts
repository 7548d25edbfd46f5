import { type AddressInfo, connect, createServer } from "node:net";
import { LatencyProxy } from "../../scripts/bench/latency-proxy";

describe("LatencyProxy (bench:read's network)", () => {
  it("carries every byte, in order, each way, no sooner than its delay", async () => {
    const echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    const proxy = new LatencyProxy({ host: "127.0.0.1", port: (echo.address() as AddressInfo).port }, 20);
    const port = await proxy.start();
    try {
      const client = connect(port, "127.0.0.1");
      const sent = Buffer.from(Array.from({ length: 50_000 }, (_, index) => index % 251));
      const received: Buffer[] = [];
      const started = performance.now();
      const arrived = new Promise<number>((resolve) =>
        client.on("data", (chunk) => {
          received.push(chunk);
          if (Buffer.concat(received).length >= sent.length) resolve(performance.now() - started);
        }),
      );
      client.write(sent);
      const roundTripMs = await arrived;
      client.destroy();

      expect(Buffer.concat(received).equals(sent)).toBe(true);
      // 20 ms there and 20 back: a timer never fires early, so this bound cannot flake on a busy machine.
      expect(roundTripMs).toBeGreaterThanOrEqual(39);
    } finally {
      await proxy.close();
      await new Promise((resolve) => echo.close(resolve));
    }
  });
});
