import type { APIGatewayProxyResult } from "aws-lambda";
import { SHADOW_READ_KEY, type ShadowReadPayload } from "../../../../contracts/shadow-read";
import { serveShadowRead, type ServedShadowRead, type ShadowReadOutcome } from "../../../../functions/prisma-read/shadow/serve-shadow-read";
import { apiEvent } from "../../../support/read-api";

const page = { items: [{ id: "f1", displayName: "Ana" }], nextCursor: null };
const payload = (control: { statusCode: number; body: string }, overrides: Record<string, unknown> = {}): ShadowReadPayload => ({
  [SHADOW_READ_KEY]: { version: 1, route: "fans", event: { ...apiEvent("/creators/x/fans") }, control, ...overrides },
});
const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({ statusCode, body: JSON.stringify(body) });

/** Serves the payload with a candidate that answers `served`, recording what it records. */
async function shadow(input: ShadowReadPayload, served: () => Promise<ServedShadowRead>, timeLeftMs?: () => number) {
  const recorded: ShadowReadOutcome[] = [];
  let clock = 0;
  const result = await serveShadowRead(input, { serve: served, record: (outcome) => recorded.push(outcome), timeLeftMs, now: () => (clock += 5) });
  return { result, recorded };
}

describe("serveShadowRead: the candidate's side of a shadow read", () => {
  it("compares a served read with the control's answer, and records it once", async () => {
    const { result, recorded } = await shadow(payload({ statusCode: 200, body: JSON.stringify(page) }), async () => ({
      response: json(200, { items: [{ id: "f2", name: "Bo" }], nextCursor: "c" }),
      route: "fans",
    }));

    expect(result).toEqual({
      route: "fans",
      statusCode: 200,
      failed: false,
      mismatches: [
        { kind: "missing-field", path: "$.items[].displayName", control: "string", candidate: "absent" },
        { kind: "extra-field", path: "$.items[].name", control: "absent", candidate: "string" },
      ],
    });
    expect(recorded).toEqual([{ ...result, durationMs: 5 }]);
  });

  it("counts a 5xx as a failure, not compared, its cause kept for the logs", async () => {
    const cause = new Error("relation missing");

    const { result, recorded } = await shadow(payload({ statusCode: 200, body: JSON.stringify(page) }), async () => ({ response: json(500, {}), route: "fans", failure: cause }));

    expect(result).toEqual({ route: "fans", statusCode: 500, failed: true, mismatches: [] });
    expect(recorded[0].error).toBe(cause);
  });

  it("resolves, failed, when the read API throws", async () => {
    const { result, recorded } = await shadow(payload({ statusCode: 200, body: "{}" }), async () => {
      throw new TypeError("boom");
    });

    expect(result).toEqual({ route: "unknown", failed: true, mismatches: [] });
    expect(recorded[0].error).toEqual(new TypeError("boom"));
  });

  it("gives up, failed, when the invocation's time runs out, keeping time to record", async () => {
    const { result, recorded } = await shadow(
      payload({ statusCode: 200, body: "{}" }),
      () => new Promise<never>(() => undefined),
      () => 520,
    );

    expect(result.failed).toBe(true);
    expect(String(recorded[0].error)).toMatch(/no answer within the 20 ms the invocation had left/);
  });

  it("compares nothing when the control answered 5xx: there is no contract to hold", async () => {
    const { result } = await shadow(payload({ statusCode: 500, body: "{}" }), async () => ({ response: json(200, page), route: "fans" }));

    expect(result).toEqual({ route: "fans", statusCode: 200, failed: false, mismatches: [] });
  });

  it.each([
    [{ version: 2 }, "huntazeShadowRead.version is 2; this candidate reads version 1"],
    [{ control: { statusCode: "200", body: "" } }, "huntazeShadowRead.control needs a numeric statusCode and a string body"],
    [{ event: null }, "huntazeShadowRead.event is not an object"],
  ])("records an unreadable payload %j as a failure naming what is wrong, without serving it", async (overrides, problem) => {
    const serve = jest.fn();

    const { result, recorded } = await shadow(payload({ statusCode: 200, body: "{}" }, overrides), serve);

    expect(serve).not.toHaveBeenCalled();
    expect(result).toEqual({ route: "unknown", failed: true, mismatches: [] });
    expect(String(recorded[0].error)).toBe(`Error: ${problem}`);
  });

  it("still resolves when recording throws", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const result = await serveShadowRead(payload({ statusCode: 200, body: "{}" }), {
        serve: async () => ({ response: json(200, {}), route: "health" }),
        record: () => {
          throw new Error("metrics broke");
        },
      });

      expect(result).toEqual({ route: "health", statusCode: 200, failed: false, mismatches: [] });
      expect(spy).toHaveBeenCalledWith("shadow read could not be recorded", new Error("metrics broke"));
    } finally {
      spy.mockRestore();
    }
  });
});
