/**
 * Prisma's CLI configuration. DATABASE_URL is read only when a command needs a database: `env()`
 * from prisma/config would throw without it, and `prisma generate` needs none.
 */
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
