// bench:bundle's baseline for prisma-read's cold start: the shared reference handler on `pg` alone,
// bundled and run as prisma-read is. What prisma-read pays beyond it is Prisma, its login methods
// and tracing.
import { Pool } from "pg";
import { referenceHealthHandler, referencePoolConfig } from "./reference-health-handler";

const SERVICE_NAME = "raw-pg-baseline";
const pool = new Pool(referencePoolConfig(SERVICE_NAME));

export const handler = referenceHealthHandler(SERVICE_NAME, () => pool.query("SELECT 1"));
