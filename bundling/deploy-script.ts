import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
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

/**
 * What the bundle is made of: the deploy sources and the locked dependency tree. Bundling the SDK
 * takes about 0.2 s, a seventh of synth, so an unchanged key reuses the last bundle.
 */
function inputsKey(projectRoot: string): string {
  const hash = createHash("sha256").update(RUNNER_NODE_TARGET);
  const deployDir = join(projectRoot, dirname(CANARY_DEPLOY_ENTRY));
  for (const file of readdirSync(deployDir).sort()) hash.update(file).update(readFileSync(join(deployDir, file)));
  return hash.update(readFileSync(join(projectRoot, "package-lock.json"))).digest("hex");
}

/** Bundles the canary deploy command into `<outdir>/canary-deploy/canary-deploy.mjs`. */
export function bundleCanaryDeployScript(projectRoot: string, outdir: string): ScriptArtifact {
  const folder = join(outdir, "canary-deploy");
  const path = join(folder, CANARY_DEPLOY_FILE);
  // Kept apart from the script's folder, which becomes the Terraform asset.
  const keyPath = join(outdir, `${CANARY_DEPLOY_FILE}.inputs`);
  const key = inputsKey(projectRoot);
  if (!existsSync(path) || !existsSync(keyPath) || readFileSync(keyPath, "utf8") !== key) {
    const { code, map } = bundleEsm(join(projectRoot, CANARY_DEPLOY_ENTRY), path, RUNNER_NODE_TARGET);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path, code);
    writeFileSync(join(outdir, `${CANARY_DEPLOY_FILE}.map`), map);
    writeFileSync(keyPath, key);
  }
  const code = readFileSync(path);
  return { path, sha256: createHash("sha256").update(code).digest("hex"), bytes: code.byteLength };
}
