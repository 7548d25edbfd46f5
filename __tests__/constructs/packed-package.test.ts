import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { zipSync } from "fflate";
import { BridgeLedger } from "../../terraform-check/provider-bridges";
import { prepareOfflineStack } from "../../terraform-check/offline-stack";
import ts from "typescript";
import { type ProcessResult, runNode } from "../support/child-process";
import { copyProject, PROJECT_ROOT } from "../support/project-copy";
import { describeWithTerraform, offlineTerraform, TERRAFORM_TOOLS } from "../support/terraform-tools";

const TSC = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
const PACKAGE = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The README's app for cdktf users: its cdktf.json, tsconfig.json and main.ts, exactly as written there. */
function readmeApp(): Record<"cdktf.json" | "tsconfig.json" | "main.ts", string> {
  const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("**In another cdktf app (TypeScript).**"), readme.indexOf("**In a Terraform code base without cdktf.**"));
  const blocks = (language: string) => [...section.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((found) => found[1]);
  const [cdktfJson, tsconfig] = blocks("json");
  const [main] = blocks("ts");
  if (!cdktfJson || !tsconfig || !main) throw new Error("README: the section for cdktf users needs its cdktf.json, tsconfig.json (```json) and main.ts (```ts)");
  return { "cdktf.json": cdktfJson, "tsconfig.json": tsconfig, "main.ts": main };
}

/**
 * `npm` as a user runs it, offline from the local cache (where this project's own dependencies
 * came from): no registry is needed, and nothing is linked.
 */
async function npm(folder: string, args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("npm", [...args], {
    cwd: folder,
    env: { ...process.env, npm_config_update_notifier: "false" },
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}
const INSTALL = ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"];

/** The peers (and @types/node, for the app's tsconfig) at the versions this project is built with. */
function appDependencies(): string[] {
  return [...Object.keys(PACKAGE.peerDependencies), "@types/node"].map((name) => `${name}@${PACKAGE.devDependencies[name]}`);
}

interface PackedApp {
  /** Every path in the tarball. */
  readonly tarballFiles: string[];
  readonly app: string;
  readonly synth: ProcessResult;
  /** `tsc -p tsconfig.json` over the app, strict, run beside the synth and validate. */
  readonly typeCheck: Promise<ProcessResult>;
  /** `terraform validate` of the synthesized stack, where Terraform and the mirror are present. */
  readonly validation?: Promise<{ valid: boolean; error_count: number; diagnostics: unknown[] }>;
}

let prepared: Promise<PackedApp> | undefined;
const work = mkdtempSync(join(tmpdir(), "huntaze-packed-"));
const env = { PATH: process.env.PATH ?? "" };

/** `terraform init` from the mirror and `terraform validate`, on an offline copy of the stack. */
async function validate(stack: string): Promise<{ valid: boolean; error_count: number; diagnostics: unknown[] }> {
  if (!TERRAFORM_TOOLS.available) throw new Error(TERRAFORM_TOOLS.missing);
  const folder = join(work, "validate");
  prepareOfflineStack(stack, folder, new BridgeLedger(TERRAFORM_TOOLS.mirror.awsVersion));
  const terraform = offlineTerraform();
  await terraform.run(folder, ["init", "-backend=false", "-input=false", "-no-color"]);
  return JSON.parse((await terraform.run(folder, ["validate", "-json", "-no-color"], { allowFailure: true })).stdout);
}

/**
 * Packs a copy of the project as `npm pack` does for a release (prepack builds it) while the app's
 * peers install, installs the tarball into the app, and synthesizes the app. What the README's
 * `npx tsc && node main.js` does in turn runs side by side here, the slow parts being independent:
 * main.js is TypeScript's own transpilation of main.ts, while tsc type-checks the app and Terraform
 * validates the stack.
 */
function packedApp(): Promise<PackedApp> {
  prepared ??= (async () => {
    const project = copyProject("pack");
    const app = join(work, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "orders-app", version: "1.0.0", private: true }));
    try {
      const [tarballName] = await Promise.all([
        npm(project, ["pack", "--pack-destination", work, "--silent"]).then((out) => out.trim().split("\n").pop()!),
        npm(app, [...INSTALL, ...appDependencies()]),
      ]);
      const tarball = join(work, tarballName);
      const { stdout: listing } = await promisify(execFile)("tar", ["-tzf", tarball]);
      await npm(app, [...INSTALL, tarball]);

      const files = readmeApp();
      for (const [file, text] of Object.entries(files)) writeFileSync(join(app, file), text);
      // The app's bundled handler: any zip will do for synth and validate.
      writeFileSync(join(app, "orders-read.zip"), zipSync({ "index.js": new TextEncoder().encode("exports.handler = async () => ({ statusCode: 200 });\n") }));
      const { compilerOptions } = ts.parseConfigFileTextToJson("tsconfig.json", files["tsconfig.json"]).config;
      const options = ts.convertCompilerOptionsFromJson(compilerOptions, app).options;
      writeFileSync(join(app, "main.js"), ts.transpileModule(files["main.ts"], { compilerOptions: options, fileName: "main.ts" }).outputText);

      const typeCheck = runNode([TSC, "-p", "tsconfig.json", "--noEmit"], { cwd: app, env, timeoutMs: 240_000 });
      const synth = await runNode(["main.js"], { cwd: app, env, timeoutMs: 120_000 });
      const validation = TERRAFORM_TOOLS.available && synth.code === 0 ? validate(stackFolder(app)) : undefined;
      // Settled by the tests that read them; a rejection is theirs to report.
      validation?.catch(() => undefined);
      return { tarballFiles: listing.trim().split("\n").sort(), app, synth, typeCheck, validation };
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  })();
  return prepared;
}

// One pack, install and synth for every test below: most of this file's time.
beforeAll(() => packedApp(), 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function stackFolder(app: string): string {
  return join(app, "cdktf.out", "stacks", "orders");
}

describe("the package as npm pack makes it, installed into a new cdktf app", () => {
  it("ships the compiled constructs, their declarations, their contracts, synth's HCL mending and the deploy command, and nothing else", async () => {
    const { tarballFiles } = await packedApp();
    // npm adds the README whatever the files list says.
    const allowed = /^package\/(package\.json|README\.md|dist\/lib\/(constructs|contracts|synth)\/[a-z0-9-]+\.(js|d\.ts)|dist\/tools\/canary-deploy\/canary-deploy\.mjs)$/;
    expect(tarballFiles.filter((file) => !allowed.test(file))).toEqual([]);
    for (const entry of ["index.js", "index.d.ts", "canary-function.js", "canary-function.d.ts", "read-path-flag.js"]) {
      expect(tarballFiles).toContain(`package/dist/lib/constructs/${entry}`);
    }
    expect(tarballFiles).toContain("package/dist/tools/canary-deploy/canary-deploy.mjs");
    expect(tarballFiles).toContain("package/dist/lib/synth/hcl-rendering.js");
  });

  it("synthesizes the README's app, with the packaged deploy command as its asset", async () => {
    const { app, synth } = await packedApp();
    expect(synth).toMatchObject({ code: 0, stderr: "" });

    const stack = JSON.parse(readFileSync(join(stackFolder(app), "cdk.tf.json"), "utf8"));
    expect(stack.resource.aws_lambda_function.orders_read).toMatchObject({ function_name: "orders-read", publish: true });
    expect(stack.resource.aws_lambda_alias.orders_read_live).toMatchObject({ name: "live" });
    expect(stack.resource.aws_appconfig_deployment).toBeDefined();
    const [deploy] = Object.values(stack.resource.terraform_data as Record<string, { provisioner: { "local-exec": { command: string } }[] }>);
    const command = deploy.provisioner[0]["local-exec"].command;
    expect(command).toMatch(/^node assets\/canary_deploy_script\/[0-9A-F]+\/canary-deploy\.mjs$/);
    // The asset is the installed package's command, byte for byte.
    const installed = readFileSync(join(app, "node_modules", PACKAGE.name, "dist", "tools", "canary-deploy", "canary-deploy.mjs"));
    expect(readFileSync(join(stackFolder(app), command.slice("node ".length))).equals(installed)).toBe(true);
  });

  it("type-checks the README's app (strict) against the package's declarations", async () => {
    // Strict mode refuses an import without declarations, so a pass means they were found and used.
    expect(await (await packedApp()).typeCheck).toMatchObject({ code: 0, stdout: "" });
  }, 240_000);

  it("exports synth's HCL mending for apps that synthesize HCL", async () => {
    const { app } = await packedApp();
    const probe = await runNode(["-e", 'process.stdout.write(typeof require("huntaze-read-path/hcl-rendering").mendCdktfHclRendering)'], { cwd: app, env, timeoutMs: 60_000 });
    expect(probe).toMatchObject({ code: 0, stdout: "function" });
  });
});

describeWithTerraform("the README's app, synthesized from the installed package (real Terraform)", () => {
  it("passes terraform validate against the AWS provider's schema", async () => {
    const { synth, validation } = await packedApp();
    expect(synth).toMatchObject({ code: 0 });
    expect(await validation).toMatchObject({ valid: true, error_count: 0 });
  }, 240_000);
});
