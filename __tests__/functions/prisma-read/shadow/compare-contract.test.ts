import { compareContract, type ComparedAnswer } from "../../../../functions/prisma-read/shadow/compare-contract";

const ok = (body: unknown): ComparedAnswer => ({ statusCode: 200, body: JSON.stringify(body) });
const answer = (statusCode: number, body: unknown): ComparedAnswer => ({ statusCode, body: JSON.stringify(body) });

/** A fans page as the read API answers it. */
const fansPage = (overrides: Record<string, unknown> = {}) => ({
  items: [
    { id: "f1", displayName: "Ana", tier: "VIP", lifetimeValueCents: 1200, subscribedAt: "2026-01-01T00:00:00.000Z", unsubscribedAt: null, ...overrides },
    { id: "f2", displayName: "Bo", tier: "FREE", lifetimeValueCents: 0, subscribedAt: "2026-02-01T00:00:00.000Z", unsubscribedAt: "2026-03-01T00:00:00.000Z", ...overrides },
  ],
  nextCursor: "abc",
});
const notFound = { error: { code: "NOT_FOUND", message: "creator was not found" } };

describe("compareContract: the candidate's answer against the control's contract, never its values", () => {
  it.each<[string, ComparedAnswer, ComparedAnswer, ReturnType<typeof compareContract>]>([
    ["identical shapes, different values", ok(fansPage()), ok({ items: [{ ...fansPage().items[1], displayName: "Zed", lifetimeValueCents: 99 }], nextCursor: null }), []],
    [
      "a renamed field: missing under the old name, extra under the new, at the element's path",
      ok(fansPage()),
      ok({ ...fansPage(), items: fansPage().items.map(({ displayName, ...rest }) => ({ ...rest, name: displayName })) }),
      [
        { kind: "missing-field", path: "$.items[].displayName", control: "string", candidate: "absent" },
        { kind: "extra-field", path: "$.items[].name", control: "absent", candidate: "string" },
      ],
    ],
    [
      "a number turned string",
      ok(fansPage()),
      ok(fansPage({ lifetimeValueCents: "1200" })),
      [{ kind: "field-type", path: "$.items[].lifetimeValueCents", control: "number", candidate: "string" }],
    ],
    ["a different status: the bodies are not compared", ok(fansPage()), answer(404, notFound), [{ kind: "status", path: "$", control: "200", candidate: "404" }]],
    [
      "an error body of another shape",
      answer(404, notFound),
      answer(404, { message: "creator was not found", code: 404 }),
      [
        { kind: "error-format", path: "$.error", control: "object", candidate: "absent" },
        { kind: "error-format", path: "$.message", control: "absent", candidate: "string" },
        { kind: "error-format", path: "$.code", control: "absent", candidate: "number" },
      ],
    ],
    ["the same error format, another message", answer(400, { error: { code: "INVALID_PARAMETER", message: "limit: …" } }), answer(400, notFound), []],
    ["an error code turned number, in a 4xx", answer(403, notFound), answer(403, { error: { code: 403, message: "no" } }), [{ kind: "error-format", path: "$.error.code", control: "string", candidate: "number" }]],
    ["null against an object, a string, an array: compatible", ok({ a: null, b: "x", c: null, d: [1] }), ok({ a: { x: 1 }, b: null, c: "y", d: null }), []],
    ["an empty array against elements of any shape", ok({ items: [], nextCursor: null }), ok(fansPage()), []],
    ["arrays of different lengths, elements of the same shape", ok({ v: [1, 2, 3] }), ok({ v: [4] }), []],
    ["an array turned object", ok({ revenueLast30Days: [{ currency: "EUR", amountCents: 1 }] }), ok({ revenueLast30Days: { EUR: 1 } }), [
      { kind: "field-type", path: "$.revenueLast30Days", control: "array", candidate: "object" },
    ]],
    ["the page's cursor renamed: pagination", ok(fansPage()), ok({ items: fansPage().items, next: "abc" }), [
      { kind: "pagination", path: "$.nextCursor", control: "string", candidate: "absent" },
      { kind: "pagination", path: "$.next", control: "absent", candidate: "string" },
    ]],
    ["the cursor turned number: pagination", ok(fansPage()), ok({ ...fansPage(), nextCursor: 2 }), [{ kind: "pagination", path: "$.nextCursor", control: "string", candidate: "number" }]],
    ["a page answered as a bare array: pagination", ok(fansPage()), ok(fansPage().items), [{ kind: "pagination", path: "$", control: "object", candidate: "array" }]],
    ["a field only some of the control's elements have is optional", ok({ v: [{ a: 1, b: 2 }, { a: 1 }] }), ok({ v: [{ a: 3 }] }), []],
    ["a field every control element has is required", ok({ v: [{ a: 1, b: 2 }, { a: 1, b: 3 }] }), ok({ v: [{ a: 3 }] }), [
      { kind: "missing-field", path: "$.v[].b", control: "number", candidate: "absent" },
    ]],
    ["a body that is not JSON where the other's is", ok(fansPage()), { statusCode: 200, body: "<html>" }, [{ kind: "unreadable", path: "$", control: "JSON", candidate: "not JSON" }]],
    ["two bodies that are not JSON agree", { statusCode: 200, body: "" }, { statusCode: 200, body: "ok" }, []],
    ["a field name that is not an identifier is quoted in the path", ok({ "a.b": 1 }), ok({}), [{ kind: "missing-field", path: '$["a.b"]', control: "number", candidate: "absent" }]],
    ["nested arrays", ok({ m: [[{ a: 1 }]] }), ok({ m: [[{ a: "1" }]] }), [{ kind: "field-type", path: "$.m[][].a", control: "number", candidate: "string" }]],
  ])("%s", (_, control, candidate, expected) => {
    expect(compareContract(control, candidate)).toEqual(expected);
  });

  it("reports mismatches as shapes and paths only: no value of either answer appears", () => {
    const control = ok({ secretName: "Ana Private", amount: 4242, items: [{ note: "fan secret" }] });
    const candidate = ok({ amount: "4242-as-text", items: [{ note: 7 }], other: "creator secret" });

    const reported = JSON.stringify(compareContract(control, candidate));

    for (const value of ["Ana Private", "4242", "fan secret", "creator secret"]) expect(reported).not.toContain(value);
    expect(reported).toContain("$.secretName");
  });
});
