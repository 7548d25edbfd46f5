import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Configuration, danglingReferences, parseConfiguration } from "../../module-builder/check-references";
import { MODULE_DEFINITIONS } from "../../module-builder/definitions";
import { EXAMPLES_FOLDER, MODULES_FOLDER, readModuleFolder, staleFiles } from "../../module-builder/module-folder";
import { type ModuleFiles, renderModule } from "../../module-builder/render-module";
import type { ModuleStack } from "../../module-builder/module-stack";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PROJECT_ROOT } from "../support/project-copy";

const MODULES_ROOT = join(PROJECT_ROOT, MODULES_FOLDER);
const EXAMPLES_ROOT = join(MODULES_ROOT, EXAMPLES_FOLDER);
const examples = readdirSync(EXAMPLES_ROOT);

/** Each `variable` block, first (only) body. */
function variablesOf(config: Configuration): Map<string, any> {
  return new Map(Object.entries(config.variable ?? {}).map(([name, [body]]: [string, any]) => [name, body]));
}

async function moduleConfiguration(folder: string): Promise<Configuration> {
  return parseConfiguration(readModuleFolder(folder));
}

describe("the Terraform modules (terraform-modules/, npm run build:modules)", () => {
  const rendered = new Map<string, ModuleFiles>();
  beforeAll(async () => {
    for (const definition of MODULE_DEFINITIONS) rendered.set(definition.name, await renderModule(definition, PROJECT_ROOT));
  }, 60_000);

  it("are committed as npm run build:modules renders them: a construct changed without its module fails here", () => {
    expect(MODULE_DEFINITIONS.map((definition) => definition.name)).toEqual(["alert-topic", "canary-function", "function-alarms", "postgres-database", "state-bucket"]);
    for (const [name, files] of rendered) {
      expect({ module: name, stale: staleFiles(join(MODULES_ROOT, name), files) }).toEqual({ module: name, stale: [] });
    }
    const folders = readdirSync(MODULES_ROOT).filter((entry) => entry !== EXAMPLES_FOLDER);
    expect(folders.sort()).toEqual([...rendered.keys()].sort());
  });

  it.each(MODULE_DEFINITIONS.map((definition) => definition.name))("%s: describes, types and validates its inputs, and describes its prefixed outputs", async (name) => {
    const config = await moduleConfiguration(join(MODULES_ROOT, name));
    const variables = variablesOf(config);
    expect(variables.size).toBeGreaterThan(0);
    for (const [variable, body] of variables) {
      expect({ variable, description: typeof body.description, type: typeof body.type }).toEqual({ variable, description: "string", type: "string" });
      for (const rule of body.validation ?? []) expect(rule.error_message).toMatch(new RegExp(`^\\S.*\\.$`));
    }
    const outputs = Object.entries(config.output ?? {});
    expect(outputs.length).toBeGreaterThan(0);
    for (const [output, [body]] of outputs as [string, any][]) {
      expect(output.startsWith(`${name.replace(/-/g, "_")}_`)).toBe(true);
      expect(body.description).toEqual(expect.any(String));
    }
    // A module takes its provider from its caller, and pins the provider range it was built for.
    expect(config.provider).toBeUndefined();
    expect(config.terraform[0].required_providers[0].aws).toEqual({ source: "hashicorp/aws", version: expect.stringMatching(/^>= 6\.\d+\.\d+, < 7\.0\.0$/) });
  });

  it.each(MODULE_DEFINITIONS.map((definition) => definition.name))("%s: every reference resolves inside the module", async (name) => {
    expect(await danglingReferences(await moduleConfiguration(join(MODULES_ROOT, name)))).toEqual([]);
  });

  it("documents every input and output in the module's README table", async () => {
    for (const name of rendered.keys()) {
      const config = await moduleConfiguration(join(MODULES_ROOT, name));
      const readme = readModuleFolder(join(MODULES_ROOT, name)).get("README.md")!;
      for (const [variable, body] of variablesOf(config)) expect(readme).toContain(`| \`${variable}\` | ${body.description.replace(/\|/g, "\\|")} |`);
      for (const output of Object.keys(config.output)) expect(readme).toContain(`| \`${output}\` |`);
    }
  });

  it("turns the constructs' accepted security exceptions into checkov skip comments, with their reasons", () => {
    const main = rendered.get("alert-topic")!.get("main.tf")!;
    expect(main).toMatch(/resource "aws_kms_key" "this_key" \{\n  # checkov:skip=CKV_AWS_1: KMS's default key policy/);
  });

  it("refuses a definition whose output lacks the module's prefix, or that configures a provider", async () => {
    const unprefixed = { ...MODULE_DEFINITIONS[0], define: (stack: ModuleStack) => void stack.output("arn", { value: "x", description: "An ARN." }) };
    await expect(renderModule(unprefixed, PROJECT_ROOT)).rejects.toThrow('alert-topic: output arn must start with "alert_topic_"');
    const withProvider = { ...MODULE_DEFINITIONS[0], define: (stack: ModuleStack) => void new AwsProvider(stack, "aws", { region: "eu-west-1" }) };
    await expect(renderModule(withProvider, PROJECT_ROOT)).rejects.toThrow("a module cannot hold terraform, provider");
  });

  it("finds a reference to nothing, so that the checks above can fail", async () => {
    const broken = new Map([
      ["locals.tf", 'locals {\n  topic = "alerts"\n}\n'],
      ["main.tf", 'resource "aws_sns_topic" "this" {\n  name = "${local.topic}-${local.gone}"\n  display_name = var.missing\n  kms_master_key_id = aws_kms_key.gone.arn\n}\n'],
    ]);
    expect(await danglingReferences(await parseConfiguration(broken))).toEqual([
      'aws_kms_key.gone.arn: no resource "aws_kms_key" "gone"',
      'local.gone: no local "gone"',
      'var.missing: no variable "missing"',
    ]);
  });
});

describe.each(examples)("the example estate %s", (example) => {
  const folder = join(EXAMPLES_ROOT, example);

  it("parses, and calls each module with exactly its inputs: every required one, no unknown one", async () => {
    const config = await moduleConfiguration(folder);
    const calls = Object.entries(config.module ?? {}) as [string, any[]][];
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const [call, [body]] of calls) {
      const source = resolve(folder, body.source);
      expect({ call, sourceExists: existsSync(join(source, "variables.tf")) }).toEqual({ call, sourceExists: true });
      const inputs = variablesOf(await moduleConfiguration(source));
      const given = Object.keys(body).filter((argument) => argument !== "source");
      expect({ call, unknown: given.filter((argument) => !inputs.has(argument)) }).toEqual({ call, unknown: [] });
      const required = [...inputs].filter(([, variable]) => !("default" in variable)).map(([name]) => name);
      expect({ call, missing: required.filter((name) => !given.includes(name)) }).toEqual({ call, missing: [] });
    }
  });

  it("refers only to what it declares, and to outputs its modules have", async () => {
    const config = await moduleConfiguration(folder);
    const moduleOutputs = new Map<string, Set<string>>();
    for (const [call, [body]] of Object.entries(config.module ?? {}) as [string, any[]][]) {
      const outputs = (await moduleConfiguration(resolve(folder, body.source))).output ?? {};
      moduleOutputs.set(call, new Set(Object.keys(outputs)));
    }
    expect(await danglingReferences(config, moduleOutputs)).toEqual([]);

    const wrongOutput = { ...config, output: { x: [{ value: "${module.alerts.no_such_output}" }] } };
    expect(await danglingReferences(wrongOutput, moduleOutputs)).toEqual(['module.alerts.no_such_output: module "alerts" has no output "no_such_output"']);
  });
});
