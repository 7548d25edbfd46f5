import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { PROJECT_ROOT } from "../support/project-copy";

/** Every module specifier a file imports, re-exports or requires, as TypeScript reads them. */
function importsOf(path: string): string[] {
  return ts.preProcessFile(readFileSync(path, "utf8"), true, true).importedFiles.map((file) => file.fileName);
}

/** The .ts files of a folder of the project (not nested: each of these folders is flat). */
function sourceFiles(folder: string): string[] {
  return readdirSync(join(PROJECT_ROOT, folder))
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(folder, file));
}

/**
 * What each layer may depend on. constructs/ is the package other cdktf apps install: cdktf, the
 * provider by deep path, constructs, Node's own modules (a digest, a path), its own files and the
 * contracts it shares with the functions and the deploy command. contracts/ is plain data that a function's bundle loads too. synth/
 * patches cdktf's renderer and is applied by whoever synthesizes HCL.
 */
const ALLOWED: Record<string, readonly RegExp[]> = {
  constructs: [/^cdktf$/, /^cdktf\/lib\/[\w/-]+$/, /^constructs$/, /^node:[a-z_]+$/, /^@cdktf\/provider-aws\/lib\/[a-z0-9-]+$/, /^\.\/[a-z0-9-]+$/, /^\.\.\/contracts\/[a-z0-9-]+$/],
  contracts: [/^\.\/[a-z0-9-]+$/],
  synth: [/^cdktf\/lib\/[\w/-]+$/, /^\.\/[a-z0-9-]+$/],
};

function violations(folder: string): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(join(PROJECT_ROOT, file))
      .filter((specifier) => !ALLOWED[folder].some((pattern) => pattern.test(specifier)))
      .map((specifier) => `${file} imports "${specifier}"`),
  );
}

describe("the layers' boundaries, by the imports of every file", () => {
  it.each(Object.keys(ALLOWED))("%s/ imports only what its layer may depend on", (folder) => {
    expect(sourceFiles(folder).length).toBeGreaterThan(0);
    expect(violations(folder)).toEqual([]);
  });

  it("reads every kind of import a file can make, so that none slips past", () => {
    const source = [
      'import { a } from "../functions/a";',
      'import type { B } from "../deploy/b";',
      'export { c } from "../security/c";',
      'import d = require("../stacks/d");',
      'const e = require("../config/e");',
      'void import("../bundling/f");',
    ].join("\n");
    const found = ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
    expect(found).toEqual(["../functions/a", "../deploy/b", "../security/c", "../stacks/d", "../config/e", "../bundling/f"]);
    expect(found.filter((specifier) => ALLOWED.constructs.some((pattern) => pattern.test(specifier)))).toEqual([]);
  });
});
