// `npm run db:generate`: `prisma generate` into prisma/generated/client (not committed), offline.
// Prisma's CLI looks for its native schema engine at start-up and tries to download it when
// missing; generate never runs it, so any existing file will do as PRISMA_SCHEMA_ENGINE_BINARY.
// Runs before synth, tests and benchmarks (npm "pre" scripts); about 1.5 s.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exitCode = result.status ?? 1;
