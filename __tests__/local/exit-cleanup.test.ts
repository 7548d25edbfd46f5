import { ExitCleanup } from "../../local/exit-cleanup";

describe("ExitCleanup", () => {
  it("releases everything once, last registered first, and reports the errors met on the way", async () => {
    const cleanup = new ExitCleanup();
    const events: string[] = [];
    await cleanup.add(async () => void events.push("port"));
    await cleanup.add(async () => {
      events.push("postgres");
      throw new Error("postgres would not stop");
    });
    await cleanup.add(async () => void events.push("server"));

    const errors = await cleanup.close();
    await cleanup.close();

    expect(events).toEqual(["server", "postgres", "port"]);
    expect(errors).toEqual([new Error("postgres would not stop")]);
  });

  it("releases at once what is registered after the exit began", async () => {
    const cleanup = new ExitCleanup();
    const events: string[] = [];
    await cleanup.close();

    events.push("exit began");
    await cleanup.add(async () => void events.push("late postgres released"));

    expect(cleanup.closed).toBe(true);
    expect(events).toEqual(["exit began", "late postgres released"]);
  });
});
