import { readdirSync } from "node:fs";
import { join } from "node:path";
import { bundleFunction, type FunctionArtifact } from "./bundle-function";
import { migratorFiles } from "./migration-files";

/** Where bundles are built; synth copies the zips from here into cdktf.out as assets. */
export const FUNCTIONS_BUILD_DIR = join("dist", "functions");

/** The Lambda handlers this project deploys, by the name their build folder and asset take. */
export const FUNCTION_ENTRIES = {
  "mock-read": "functions/mock-read/handler.ts",
  "prisma-read": "functions/prisma-read/handler.ts",
  "canary-health-hook": "functions/canary-health-hook/handler.ts",
  "db-migrator": "functions/db-migrator/handler.ts",
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;
export type FunctionArtifacts = Readonly<Record<FunctionName, FunctionArtifact>>;

/** Files a function's zip carries beside its code, by their path in the zip (see BundleFunctionOptions.files). */
export function functionFiles(name: FunctionName, projectRoot: string): Record<string, string> | undefined {
  return name === "db-migrator" ? migratorFiles(projectRoot) : undefined;
}

/**
 * What decides how a bundle is made besides the files esbuild reads: this folder's code, the
 * TypeScript settings esbuild honours, and the locked dependency tree (package resolution).
 */
export function bundlingRecipeFiles(projectRoot: string): string[] {
  const bundlingDir = join(projectRoot, "bundling");
  return [
    ...readdirSync(bundlingDir).filter((file) => file.endsWith(".ts")).map((file) => join(bundlingDir, file)),
    join(projectRoot, "tsconfig.json"),
    join(projectRoot, "package-lock.json"),
  ];
}

/** Bundles every handler, relative to the project root given; unchanged ones keep their last zip. */
export function bundleAllFunctions(projectRoot: string, outdir = join(projectRoot, FUNCTIONS_BUILD_DIR)): FunctionArtifacts {
  const recipeFiles = bundlingRecipeFiles(projectRoot);
  const entries = Object.entries(FUNCTION_ENTRIES) as Array<[FunctionName, string]>;
  return Object.fromEntries(
    entries.map(([name, entry]) => [
      name,
      bundleFunction({ name, entry: join(projectRoot, entry), outdir, recipeFiles, files: functionFiles(name, projectRoot) }),
    ]),
  ) as Record<FunctionName, FunctionArtifact>;
}
