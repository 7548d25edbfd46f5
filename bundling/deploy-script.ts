import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleEsm } from "./bundle-function";

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
}

/** Bundles the canary deploy command into `<outdir>/canary-deploy/canary-deploy.mjs`. */
export function bundleCanaryDeployScript(projectRoot: string, outdir: string): ScriptArtifact {
  const folder = join(outdir, "canary-deploy");
  const path = join(folder, CANARY_DEPLOY_FILE);
  const { code, map } = bundleEsm(join(projectRoot, CANARY_DEPLOY_ENTRY), path, RUNNER_NODE_TARGET);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path, code);
  // Kept apart from the script's folder, which becomes the Terraform asset.
  writeFileSync(join(outdir, `${CANARY_DEPLOY_FILE}.map`), map);
  return { path, sha256: createHash("sha256").update(code).digest("hex"), bytes: code.byteLength };
}
