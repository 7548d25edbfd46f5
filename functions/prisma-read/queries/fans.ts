import { toPage, type Page } from "../../read-api/pagination";
import { fanListing, type FanPageRequest, type FanSummary } from "../../read-api/read-source";
import { centsToNumber, isoOrNull, type ReadDatabase } from "./read-client";

/**
 * A page of a creator's fans, newest subscription first, by keyset: one statement, served by
 * fans_creator_page_idx (or fans_creator_tier_page_idx with a tier). A deleted creator's fans are
 * never listed: the statement checks the creator too. The `subscribedAt <= at`
 * bound is implied by the OR beside it; it is spelled out so PostgreSQL can start the index scan
 * at the cursor instead of filtering every row before it, which keeps page 1,000 as fast as page 1.
 */
export async function listFans(db: ReadDatabase, request: FanPageRequest): Promise<Page<FanSummary>> {
  const { after } = request;
  const rows = await db.client.fan.findMany({
    where: {
      creatorId: request.creatorId,
      deletedAt: null,
      creator: { deletedAt: null },
      ...(request.tier && { tier: request.tier }),
      ...(after && { subscribedAt: { lte: after.at }, OR: [{ subscribedAt: { lt: after.at } }, { id: { lt: after.id } }] }),
    },
    orderBy: [{ subscribedAt: "desc" }, { id: "desc" }],
    take: request.limit + 1,
    select: { id: true, displayName: true, tier: true, lifetimeValueCents: true, subscribedAt: true, unsubscribedAt: true },
  });
  return toPage(
    rows,
    request.limit,
    fanListing(request.creatorId, request.tier),
    (row) => ({ at: row.subscribedAt, id: row.id }),
    (row) => ({
      id: row.id,
      displayName: row.displayName,
      tier: row.tier,
      lifetimeValueCents: centsToNumber(row.lifetimeValueCents),
      subscribedAt: isoOrNull(row.subscribedAt)!,
      unsubscribedAt: isoOrNull(row.unsubscribedAt),
    }),
  );
}
