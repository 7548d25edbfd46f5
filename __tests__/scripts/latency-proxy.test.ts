import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import { LatencyProxy } from "../../scripts/bench/latency-proxy";
import { waitFor } from "../support/local-read-path";

describe("LatencyProxy (bench:read's network)", () => {
  it("carries every byte, in order, each way, and none before its delay has run", async () => {
    let echoed = 0;
    const echo = createServer((socket: Socket) => socket.on("data", (chunk) => (echoed += chunk.length)).pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    // The delays the proxy asks for, and the deliveries it hands over: held until the test lets them go.
    const delays: number[] = [];
    const held: Array<() => void> = [];
    let holding = true;
    const proxy = new LatencyProxy({ host: "127.0.0.1", port: (echo.address() as AddressInfo).port }, 20, (ms, deliver) => {
      delays.push(ms);
      if (holding) held.push(deliver);
      else setImmediate(deliver);
    });
    const port = await proxy.start();
    try {
      const client = connect(port, "127.0.0.1");
      const sent = Buffer.from(Array.from({ length: 50_000 }, (_, index) => index % 251));
      const received: Buffer[] = [];
      const arrived = new Promise<void>((resolve) =>
        client.on("data", (chunk) => {
          received.push(chunk);
          if (Buffer.concat(received).length >= sent.length) resolve();
        }),
      );
      client.write(sent);
      await waitFor("the proxy to take the first chunk", () => held.length > 0);
      const echoedWhileHeld = echoed;
      holding = false;
      for (const deliver of held.splice(0)) deliver();
      await arrived;
      client.destroy();

      expect(echoedWhileHeld).toBe(0);
      expect(Buffer.concat(received).equals(sent)).toBe(true);
      // Every chunk, both ways, went through a delay of the one-way time.
      expect(delays.length).toBeGreaterThanOrEqual(2);
      expect(new Set(delays)).toEqual(new Set([20]));
    } finally {
      await proxy.close();
      await new Promise((resolve) => echo.close(resolve));
    }
  });
});
