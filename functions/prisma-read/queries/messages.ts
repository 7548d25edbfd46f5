import { toPage, type Page } from "../../read-api/pagination";
import { messageListing, type MessageItem, type MessagePageRequest } from "../../read-api/read-source";
import { isoOrNull, type ReadDatabase } from "./read-client";

/** True when the fan exists, belongs to the creator, and neither is soft-deleted. One statement. */
export async function fanExists(db: ReadDatabase, creatorId: string, fanId: string): Promise<boolean> {
  const fan = await db.client.fan.findFirst({
    where: { id: fanId, creatorId, deletedAt: null, creator: { deletedAt: null } },
    select: { id: true },
  });
  return fan !== null;
}

/**
 * A page of one conversation, newest first, by keyset on messages_fan_page_idx. One statement, which
 * also checks that the fan belongs to the creator and that neither is deleted.
 */
export async function listMessages(db: ReadDatabase, request: MessagePageRequest): Promise<Page<MessageItem>> {
  const { after } = request;
  const rows = await db.client.message.findMany({
    where: {
      fanId: request.fanId,
      creatorId: request.creatorId,
      deletedAt: null,
      fan: { creatorId: request.creatorId, deletedAt: null },
      creator: { deletedAt: null },
      ...(after && { sentAt: { lte: after.at }, OR: [{ sentAt: { lt: after.at } }, { id: { lt: after.id } }] }),
    },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    take: request.limit + 1,
    select: { id: true, direction: true, body: true, sentAt: true },
  });
  return toPage(
    rows,
    request.limit,
    messageListing(request.creatorId, request.fanId),
    (row) => ({ at: row.sentAt, id: row.id }),
    (row) => ({ id: row.id, direction: row.direction, body: row.body, sentAt: isoOrNull(row.sentAt)! }),
  );
}
