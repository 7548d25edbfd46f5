import { createHash } from "node:crypto";
import { chooseReadPath, creatorBucket } from "../../../functions/mock-read/routing/read-path";
import { isShadowed } from "../../../functions/mock-read/routing/shadow-sample";

/** 10,000 distinct creator ids, UUID-shaped, the same on every run. */
const creators = Array.from({ length: 10_000 }, (_, index) => {
  const hex = createHash("md5").update(`creator-${index}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
});

describe("the routing decision", () => {
  it("sends about 30 % (± 3) of 10,000 creators to the candidate at 30 %", () => {
    const toCandidate = creators.filter((creator) => chooseReadPath({ mode: "percentage", percentage: 30 }, creator) === "prisma");

    expect(toCandidate.length).toBeGreaterThanOrEqual(2_700);
    expect(toCandidate.length).toBeLessThanOrEqual(3_300);
  });

  it("sends each creator the same way every time, whatever the case of its id", () => {
    const flag = { mode: "percentage", percentage: 30 } as const;
    const first = creators.map((creator) => chooseReadPath(flag, creator));
    const again = creators.map((creator) => chooseReadPath(flag, creator.toUpperCase()));

    expect(again).toEqual(first);
  });

  it("only adds creators to the candidate as the share rises, never moves one back", () => {
    const at = (percentage: number) =>
      new Set(creators.filter((creator) => chooseReadPath({ mode: "percentage", percentage }, creator) === "prisma"));
    const [ten, thirty, fifty] = [at(10), at(30), at(50)];

    expect([...ten].filter((creator) => !thirty.has(creator))).toEqual([]);
    expect([...thirty].filter((creator) => !fifty.has(creator))).toEqual([]);
  });

  it("spreads creators over all 100 buckets", () => {
    expect(new Set(creators.map(creatorBucket)).size).toBe(100);
  });

  it("keeps every read with the control when off, and at 0 %; hands all over at all and at 100 %", () => {
    const paths = (flag: Parameters<typeof chooseReadPath>[0]) => new Set(creators.slice(0, 500).map((creator) => chooseReadPath(flag, creator)));

    expect(paths({ mode: "off", percentage: 100 })).toEqual(new Set(["mock"]));
    expect(paths({ mode: "percentage", percentage: 0 })).toEqual(new Set(["mock"]));
    expect(paths({ mode: "all", percentage: 0 })).toEqual(new Set(["prisma"]));
    expect(paths({ mode: "percentage", percentage: 100 })).toEqual(new Set(["prisma"]));
  });

  it("keeps a request without a creator (health, anonymous) with the control", () => {
    expect(chooseReadPath({ mode: "all", percentage: 100 }, undefined)).toBe("mock");
  });

  it("keeps every read with the control in shadow mode, even at 100 %", () => {
    expect(new Set(creators.map((creator) => chooseReadPath({ mode: "shadow", percentage: 100 }, creator)))).toEqual(new Set(["mock"]));
  });
});

describe("the shadow sample", () => {
  /** 10,000 request ids, as API Gateway makes them (UUIDs), the same on every run. */
  const requestIds = creators.map((id) => id.split("").reverse().join(""));
  const [creator] = creators;
  const sampled = (percentage: number) => requestIds.filter((requestId) => isShadowed({ mode: "shadow", percentage }, creator, requestId));

  it("shadows about 10 % (± 1.5) of 10,000 reads at 10 %, all at 100 %, none at 0 %", () => {
    expect(sampled(10).length).toBeGreaterThanOrEqual(850);
    expect(sampled(10).length).toBeLessThanOrEqual(1_150);
    expect(sampled(100)).toHaveLength(requestIds.length);
    expect(sampled(0)).toEqual([]);
  });

  it("samples by request, not by creator: one creator's reads are sampled at the share", () => {
    const oneCreatorsReads = requestIds.slice(0, 1_000).filter((requestId) => isShadowed({ mode: "shadow", percentage: 50 }, creator, requestId));

    expect(oneCreatorsReads.length).toBeGreaterThanOrEqual(420);
    expect(oneCreatorsReads.length).toBeLessThanOrEqual(580);
  });

  it("decides the same way for the same request every time, and only adds requests as the share rises", () => {
    const [ten, again, thirty] = [sampled(10), sampled(10), new Set(sampled(30))];

    expect(again).toEqual(ten);
    expect(ten.filter((requestId) => !thirty.has(requestId))).toEqual([]);
  });

  it("shadows nothing outside shadow mode, nor a read without a creator or a request id", () => {
    const [requestId] = requestIds;

    expect(isShadowed({ mode: "all", percentage: 100 }, creator, requestId)).toBe(false);
    expect(isShadowed({ mode: "percentage", percentage: 100 }, creator, requestId)).toBe(false);
    expect(isShadowed({ mode: "shadow", percentage: 100 }, undefined, requestId)).toBe(false);
    expect(isShadowed({ mode: "shadow", percentage: 100 }, creator, undefined)).toBe(false);
  });
});
