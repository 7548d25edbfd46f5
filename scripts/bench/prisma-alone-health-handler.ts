// bench:bundle's second reference for prisma-read's cold start: the shared reference handler with
// Prisma's client on @prisma/adapter-pg in place of the bare pool, and nothing else of prisma-read
// (no settings, login methods, tracing or shadow reads). What it pays beyond the raw-pg baseline is
// Prisma's own cold start; what prisma-read pays beyond it is the project's.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../prisma/generated/client/client";
import { referenceHealthHandler, referencePoolConfig } from "./reference-health-handler";

const SERVICE_NAME = "prisma-alone-reference";
const prisma = new PrismaClient({ adapter: new PrismaPg(referencePoolConfig(SERVICE_NAME)) });
// As prisma-read does: the query compiler starts at init.
await prisma.$connect();

export const handler = referenceHealthHandler(SERVICE_NAME, () => prisma.$queryRaw`SELECT 1`);
