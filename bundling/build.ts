import { join } from "node:path";
import { bundleCanaryDeployScript, type ScriptArtifact } from "./deploy-script";
import { bundleAllFunctions, type FunctionArtifacts } from "./functions";

/** What synth needs built first: every handler's zip, and the script that deploys them by canary. */
export interface BuildArtifacts {
  readonly functions: FunctionArtifacts;
  readonly canaryDeployScript: ScriptArtifact;
}

export const BUILD_DIR = "dist";

export function buildAll(projectRoot: string, outdir = join(projectRoot, BUILD_DIR)): BuildArtifacts {
  return {
    functions: bundleAllFunctions(projectRoot, join(outdir, "functions")),
    canaryDeployScript: bundleCanaryDeployScript(projectRoot, join(outdir, "tools")),
  };
}
