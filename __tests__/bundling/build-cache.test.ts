import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { bundleFunction, type BundleFunctionOptions } from "../../bundling/bundle-function";
import { bundleCanaryDeployScript } from "../../bundling/deploy-script";
import { copyProject } from "../support/project-copy";

/** A handler that imports a second file, and a file standing for the bundling code (a recipe file). */
function smallProject(): { root: string; options: BundleFunctionOptions; greeting: string; recipeFile: string } {
  const root = mkdtempSync(join(tmpdir(), "huntaze-build-cache-"));
  const greeting = join(root, "greeting.ts");
  const recipeFile = join(root, "bundler-settings.ts");
  writeFileSync(greeting, 'export const greeting = "hello";\n');
  writeFileSync(recipeFile, "export const level = 1;\n");
  writeFileSync(join(root, "handler.ts"), 'import { greeting } from "./greeting";\nexport const handler = async () => greeting;\n');
  return {
    root,
    greeting,
    recipeFile,
    options: { name: "small", entry: join(root, "handler.ts"), outdir: join(root, "dist"), recipeFiles: [recipeFile] },
  };
}

function deployedCode(zipPath: string): string {
  return strFromU8(unzipSync(readFileSync(zipPath))["index.mjs"]!);
}

describe("function bundles are rebuilt only when what they are made from changes", () => {
  let project: ReturnType<typeof smallProject>;
  beforeEach(() => {
    project = smallProject();
  });
  afterEach(() => rmSync(project.root, { recursive: true, force: true }));

  it("keeps the last zip, byte for byte, when nothing changed", () => {
    const first = bundleFunction(project.options);
    const second = bundleFunction(project.options);

    expect([first.reused, second.reused]).toEqual([false, true]);
    expect(second.sourceCodeHash).toBe(first.sourceCodeHash);
    expect(second.bundleBytes).toBe(first.bundleBytes);
  });

  it("rebuilds when a file the handler imports changes", () => {
    const first = bundleFunction(project.options);
    writeFileSync(project.greeting, 'export const greeting = "bonjour";\n');
    const second = bundleFunction(project.options);

    expect(second.reused).toBe(false);
    expect(second.sourceCodeHash).not.toBe(first.sourceCodeHash);
    expect(deployedCode(second.zipPath)).toContain("bonjour");
  });

  it("keeps the zip when a file is rewritten with the same content (a checkout, a formatter)", () => {
    bundleFunction(project.options);
    writeFileSync(project.greeting, readFileSync(project.greeting));

    expect(bundleFunction(project.options).reused).toBe(true);
  });

  it("rebuilds when the bundling code (a recipe file) changes", () => {
    bundleFunction(project.options);
    writeFileSync(project.recipeFile, "export const level = 2;\n");

    expect(bundleFunction(project.options).reused).toBe(false);
  });

  it("rebuilds a zip edited by hand instead of deploying it", () => {
    const first = bundleFunction(project.options);
    writeFileSync(first.zipPath, "not the build's zip");
    const second = bundleFunction(project.options);

    expect(second.reused).toBe(false);
    expect(second.sourceCodeHash).toBe(first.sourceCodeHash);
  });

  it("rebuilds after an interrupted build left a truncated record", () => {
    const first = bundleFunction(project.options);
    const record = join(project.options.outdir, "small", "build-record.json");
    writeFileSync(record, readFileSync(record, "utf8").slice(0, 40));
    const second = bundleFunction(project.options);

    expect(second.reused).toBe(false);
    expect(second.sourceCodeHash).toBe(first.sourceCodeHash);
  });
});

describe("the canary deploy script's bundle", () => {
  it("is rebuilt when a source under deploy/ changes, and kept otherwise", () => {
    const project = copyProject("deploy-cache");
    try {
      const outdir = join(project, "dist", "tools-under-test");
      const first = bundleCanaryDeployScript(project, outdir);
      const unchanged = bundleCanaryDeployScript(project, outdir);
      const source = join(project, "deploy", "canary-deploy.ts");
      writeFileSync(source, `${readFileSync(source, "utf8")}\nexport const cacheProbe = "rebuilt-by-this-test";\nconsole.log(cacheProbe);\n`);
      const changed = bundleCanaryDeployScript(project, outdir);

      expect([first.reused, unchanged.reused, changed.reused]).toEqual([false, true, false]);
      expect(unchanged.sha256).toBe(first.sha256);
      expect(changed.sha256).not.toBe(first.sha256);
      expect(readFileSync(changed.path, "utf8")).toContain("rebuilt-");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
