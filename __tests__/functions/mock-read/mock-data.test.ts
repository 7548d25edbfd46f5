/** The control's own data, through the same read API the candidate serves. */
import { serveReadRequest } from "../../../functions/read-api/serve-read-request";
import { mockReadSource } from "../../../functions/mock-read/mock-data/mock-read-source";
import { apiEvent } from "../../support/read-api";

const CREATOR = "0192f0e4-1f2a-7c3b-8d4e-5f6a7b8c9d0e";
const NOW = new Date("2026-11-01T00:00:00Z");

async function get(path: string, query: Record<string, string> = {}, caller = CREATOR) {
  const { response } = await serveReadRequest(apiEvent(path, { caller, query }), { source: mockReadSource(), now: NOW });
  return { status: response.statusCode, body: JSON.parse(response.body) };
}

async function walk(path: string, query: Record<string, string> = {}): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page = await get(path, { ...query, ...(cursor && { cursor }) });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

describe("the control's mock data", () => {
  it("is the same on every call", async () => {
    expect(await get(`/creators/${CREATOR}`)).toEqual(await get(`/creators/${CREATOR}`));
    expect(await get(`/creators/${CREATOR}/fans`)).toEqual(await get(`/creators/${CREATOR}/fans`));
  });

  it("pages through every fan once, newest subscription first, and agrees with the profile's count", async () => {
    const fans = await walk(`/creators/${CREATOR}/fans`, { limit: "7" });
    const profile = await get(`/creators/${CREATOR}`);

    expect(new Set(fans.map((fan) => fan.id)).size).toBe(fans.length);
    expect(fans.length).toBeGreaterThanOrEqual(30);
    const times = fans.map((fan) => Date.parse(fan.subscribedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(profile.body.activeFanCount).toBe(fans.filter((fan) => fan.unsubscribedAt === null).length);
  });

  it("filters by tier, refuses a cursor from another listing, and checks parameters as the candidate does", async () => {
    const vip = await walk(`/creators/${CREATOR}/fans`, { tier: "VIP" });
    const firstPage = await get(`/creators/${CREATOR}/fans`, { limit: "2" });
    const crossed = await get(`/creators/${CREATOR}/fans`, { tier: "VIP", cursor: firstPage.body.nextCursor });
    const badLimit = await get(`/creators/${CREATOR}/fans`, { limit: "0" });

    expect(vip.every((fan) => fan.tier === "VIP")).toBe(true);
    expect(crossed).toMatchObject({ status: 400, body: { error: { code: "INVALID_PARAMETER" } } });
    expect(badLimit).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/^limit: /) } } });
  });

  it("has conversations only with the creator's own fans", async () => {
    const [fan] = (await get(`/creators/${CREATOR}/fans`, { limit: "1" })).body.items;

    const messages = await walk(`/creators/${CREATOR}/fans/${fan.id}/messages`, { limit: "5" });
    const stranger = await get(`/creators/${CREATOR}/fans/0192f0e4-1f2a-7c3b-8d4e-000000000000/messages`);

    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
  });

  it("sums a month's revenue from its days", async () => {
    const days = await get(`/creators/${CREATOR}/revenue`, { from: "2026-03-01", to: "2026-04-01", granularity: "day" });
    const month = await get(`/creators/${CREATOR}/revenue`, { from: "2026-03-01", to: "2026-04-01", granularity: "month" });

    const total = days.body.items.reduce((sum: number, day: { amountCents: number }) => sum + day.amountCents, 0);
    expect(days.body.items.length).toBeGreaterThan(0);
    expect(month.body.items).toEqual([expect.objectContaining({ periodStart: "2026-03-01T00:00:00.000Z", currency: "USD", amountCents: total })]);
  });

  it("sums each month of a year from its days, the first and last months cut at unaligned bounds", async () => {
    const range = { from: "2025-11-15T06:30:00.000Z", to: "2026-11-10T12:00:00.000Z" };
    const days = await get(`/creators/${CREATOR}/revenue`, { ...range, granularity: "day" });
    const months = await get(`/creators/${CREATOR}/revenue`, { ...range, granularity: "month" });

    const byMonth = new Map<string, { amountCents: number; transactions: number }>();
    for (const day of days.body.items as Array<{ periodStart: string; amountCents: number; transactions: number }>) {
      const month = `${day.periodStart.slice(0, 7)}-01T00:00:00.000Z`;
      const sum = byMonth.get(month) ?? { amountCents: 0, transactions: 0 };
      byMonth.set(month, { amountCents: sum.amountCents + day.amountCents, transactions: sum.transactions + day.transactions });
    }
    expect(days.body.items[0].periodStart).toBe("2025-11-16T00:00:00.000Z");
    expect(months.body.items).toEqual([...byMonth].map(([periodStart, sum]) => ({ periodStart, currency: "USD", ...sum })));
    expect(months.body.items.map((item: { periodStart: string }) => item.periodStart.slice(0, 7))).toEqual([
      "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
    ]);
  });
});
