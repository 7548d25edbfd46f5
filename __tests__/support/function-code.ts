import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FunctionArtifact } from "../../bundling/bundle-function";
import type { BuildArtifacts } from "../../bundling/build";
import type { ScriptArtifact } from "../../bundling/deploy-script";
import type { FunctionArtifacts } from "../../bundling/functions";
import { deterministicZip } from "../../bundling/deterministic-zip";

/**
 * Writes a fixture file in full under a name of this process's own, then renames it into place:
 * test files running at the same time share these paths, and a reader never sees a partial file.
 */
function writeFixture(path: string, contents: string | Uint8Array): void {
  const pending = `${path}.${process.pid}`;
  writeFileSync(pending, contents);
  renameSync(pending, path);
}

/** A small, fixed zip standing in for a bundle: construct and stack tests never run the bundler. */
export function fixtureArtifact(name: string): FunctionArtifact {
  const folder = join(tmpdir(), "huntaze-fixture-code");
  mkdirSync(folder, { recursive: true });
  const zip = deterministicZip({ "index.mjs": new TextEncoder().encode(`export const handler = async () => "${name}";`) });
  const zipPath = join(folder, `${name}.zip`);
  writeFixture(zipPath, zip);
  return {
    name,
    zipPath,
    sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
    bundleBytes: 0,
    zipBytes: zip.byteLength,
    sourceMapPath: join(folder, `${name}.map`),
    reused: false,
  };
}

export function fixtureArtifacts(): FunctionArtifacts {
  return {
    "mock-read": fixtureArtifact("mock-read"),
    "prisma-read": fixtureArtifact("prisma-read"),
    "canary-health-hook": fixtureArtifact("canary-health-hook"),
    "db-migrator": fixtureArtifact("db-migrator"),
  };
}

/** A stand-in deploy script: stack tests check how Terraform runs it, not what it does. */
export function fixtureDeployScript(): ScriptArtifact {
  const folder = join(tmpdir(), "huntaze-fixture-code", "canary-deploy");
  mkdirSync(folder, { recursive: true });
  const code = 'console.log("canary deploy fixture");';
  const path = join(folder, "canary-deploy.mjs");
  writeFixture(path, code);
  return { path, sha256: createHash("sha256").update(code).digest("hex"), bytes: code.length, reused: false };
}

export function fixtureBuild(): BuildArtifacts {
  return { functions: fixtureArtifacts(), canaryDeployScript: fixtureDeployScript() };
}
