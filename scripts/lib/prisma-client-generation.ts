import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildUnlessUnchanged, recipeOf } from "../../bundling/build-cache";

/**
 * `prisma generate` into prisma/generated/client (not committed), offline, unless the schema, the
 * Prisma config and the locked Prisma version are unchanged and the generated files are as generate
 * left them (bundling/build-cache.ts): generating takes about 1.5 s, more than synth itself.
 * `npm run db:generate` runs this; so does `npm run synth`, in its own process rather than as an npm
 * pre-script, which cost a second npm and a second Node start (about 0.5 s of every synth).
 *
 * Prisma's CLI looks for its native schema engine at start-up and tries to download it when
 * missing; generate never runs it, so any existing file will do as PRISMA_SCHEMA_ENGINE_BINARY.
 */
export function ensurePrismaClientGenerated(projectRoot: string): { readonly generated: boolean } {
  const generatedDir = join(projectRoot, "prisma", "generated");
  const recipe = recipeOf({ command: "prisma generate" }, [join(projectRoot, "package-lock.json")]);
  // The record sits beside the client folder, not in it: generate replaces that folder.
  const { reused } = buildUnlessUnchanged(join(generatedDir, "generate-record.json"), recipe, () => {
    prismaGenerate(projectRoot);
    return {
      inputs: [join(projectRoot, "prisma", "schema.prisma"), join(projectRoot, "prisma.config.ts")],
      outputs: filesUnder(join(generatedDir, "client")),
      details: {},
    };
  });
  return { generated: !reused };
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function prismaGenerate(projectRoot: string): void {
  const result = spawnSync(process.execPath, [require.resolve("prisma/build/index.js"), "generate"], {
    cwd: projectRoot,
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
