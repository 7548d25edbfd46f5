import type { ReadSource } from "../../read-api/read-source";
import { creatorExists, findCreatorProfile } from "./creators";
import { listFans } from "./fans";
import { checkDatabase } from "./health";
import { fanExists, listMessages } from "./messages";
import type { ReadDatabase } from "./read-client";
import { revenueByPeriod } from "./revenue";

/** The read API's data, from PostgreSQL through Prisma: one statement per call. */
export function prismaReadSource(db: ReadDatabase): ReadSource {
  return {
    checkHealth: () => checkDatabase(db),
    findCreatorProfile: (creatorId, now) => findCreatorProfile(db, creatorId, now),
    creatorExists: (creatorId) => creatorExists(db, creatorId),
    listFans: (request) => listFans(db, request),
    fanExists: (creatorId, fanId) => fanExists(db, creatorId, fanId),
    listMessages: (request) => listMessages(db, request),
    revenueByPeriod: (request) => revenueByPeriod(db, request),
  };
}
