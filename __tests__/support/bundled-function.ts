import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFunction, type FunctionArtifact } from "../../bundling/bundle-function";
import { FUNCTION_ENTRIES, functionFiles } from "../../bundling/functions";
import { PROJECT_ROOT } from "./project-copy";

/**
 * Runs `use` with the function's deployable zip, bundled as synth bundles it into a folder of its
 * own, which is removed afterwards. Apart from fixture code (function-code.ts): this runs esbuild.
 */
export async function withBundledFunction<T>(name: keyof typeof FUNCTION_ENTRIES, use: (artifact: FunctionArtifact) => Promise<T>): Promise<T> {
  const outdir = mkdtempSync(join(tmpdir(), `${name}-bundle-`));
  try {
    return await use(bundleFunction({ name, entry: join(PROJECT_ROOT, FUNCTION_ENTRIES[name]), outdir, files: functionFiles(name, PROJECT_ROOT) }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
