/**
 * `npm run db:generate`: `prisma generate` into prisma/generated/client (not committed), offline,
 * skipped while nothing it is made from has changed (scripts/lib/prisma-client-generation.ts).
 * Runs before tests and benchmarks (npm "pre" scripts); `npm run synth` runs the same step itself.
 */
import { join } from "node:path";
import { ensurePrismaClientGenerated } from "./lib/prisma-client-generation";

try {
  ensurePrismaClientGenerated(join(__dirname, ".."));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
