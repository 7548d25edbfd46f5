/**
 * `npm run build:lib` (and `npm pack`, through prepack): what the package ships. The constructs
 * and their contracts as CommonJS with declarations in dist/lib, and the bundled canary deploy
 * command that a CanaryFunction's deploy step runs (the package's `./canary-deploy.mjs` export).
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BUILD_DIR } from "../bundling/build";
import { bundleCanaryDeployScript } from "../bundling/deploy-script";

const PROJECT_ROOT = join(__dirname, "..");

// A file left by an earlier build (a module since moved or removed) would otherwise ship.
rmSync(join(PROJECT_ROOT, BUILD_DIR, "lib"), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.lib.json"], { cwd: PROJECT_ROOT, stdio: "inherit" });
// The same place and cache as synth's build (bundling/build.ts): an unchanged script is kept.
const script = bundleCanaryDeployScript(PROJECT_ROOT, join(PROJECT_ROOT, BUILD_DIR, "tools"));
console.log(`Built dist/lib and ${join(BUILD_DIR, "tools", "canary-deploy", "canary-deploy.mjs")} (${(script.bytes / 1024).toFixed(1)} KiB)`);
