import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { version as esbuildVersion } from "esbuild";
import { buildUnlessUnchanged, recipeOf } from "./build-cache";
import { bundleEsm } from "./bundle-function";
import { bundlingRecipeFiles } from "./functions";

export const CANARY_DEPLOY_ENTRY = join("deploy", "canary-deploy-cli.ts");
export const CANARY_DEPLOY_FILE = "canary-deploy.mjs";
/**
 * Terraform runs the script on the machine that applies (a CI runner, a laptop), not in Lambda:
 * Node 20 is the oldest release still maintained there.
 */
const RUNNER_NODE_TARGET = "node20";

/** A script Terraform runs with `node`, every dependency bundled in. */
export interface ScriptArtifact {
  readonly path: string;
  /** Hex SHA-256 of the script: a new script re-runs nothing by itself, but shows in review. */
  readonly sha256: string;
  readonly bytes: number;
  /** True when nothing the script is made from had changed, so the last build was kept. */
  readonly reused: boolean;
}

/**
 * Bundles the canary deploy command into `<outdir>/canary-deploy/canary-deploy.mjs`, or keeps the
 * last bundle while its inputs are unchanged (bundling the SDK costs about 0.2 s of each synth).
 */
export function bundleCanaryDeployScript(projectRoot: string, outdir: string): ScriptArtifact {
  const folder = join(outdir, "canary-deploy");
  const path = join(folder, CANARY_DEPLOY_FILE);
  const mapPath = join(outdir, `${CANARY_DEPLOY_FILE}.map`);
  const recipe = recipeOf({ esbuild: esbuildVersion, target: RUNNER_NODE_TARGET }, bundlingRecipeFiles(projectRoot));

  // The record and the map stay out of the script's folder, which becomes the Terraform asset.
  const { reused } = buildUnlessUnchanged(join(outdir, `${CANARY_DEPLOY_FILE}.build-record.json`), recipe, () => {
    const { code, map, inputs } = bundleEsm(join(projectRoot, CANARY_DEPLOY_ENTRY), path, RUNNER_NODE_TARGET);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, code);
    writeFileSync(mapPath, map);
    return { inputs, outputs: [path, mapPath], details: {} };
  });
  const code = readFileSync(path);
  return { path, sha256: createHash("sha256").update(code).digest("hex"), bytes: code.byteLength, reused };
}
