/**
 * `npm run db:generate`: `prisma generate` into prisma/generated/client (not committed), offline.
 * Runs before synth, tests and benchmarks (npm "pre" scripts). Generating takes about 1.5 s, more
 * than synth itself, so it is skipped while the schema, the Prisma config and the locked Prisma
 * version are unchanged and the generated files are as generate left them (bundling/build-cache.ts).
 *
 * Prisma's CLI looks for its native schema engine at start-up and tries to download it when
 * missing; generate never runs it, so any existing file will do as PRISMA_SCHEMA_ENGINE_BINARY.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildUnlessUnchanged, recipeOf } from "../bundling/build-cache";

const PROJECT_ROOT = join(__dirname, "..");
const GENERATED_DIR = join(PROJECT_ROOT, "prisma", "generated");

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function prismaGenerate(): void {
  const result = spawnSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.status !== 0) throw new Error(`prisma generate failed (exit code ${result.status ?? result.signal})`);
}

try {
  const recipe = recipeOf({ command: "prisma generate" }, [join(PROJECT_ROOT, "package-lock.json")]);
  // The record sits beside the client folder, not in it: generate replaces that folder.
  buildUnlessUnchanged(join(GENERATED_DIR, "generate-record.json"), recipe, () => {
    prismaGenerate();
    return {
      inputs: [join(PROJECT_ROOT, "prisma", "schema.prisma"), join(PROJECT_ROOT, "prisma.config.ts")],
      outputs: filesUnder(join(GENERATED_DIR, "client")),
      details: {},
    };
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
