import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Configuration, danglingReferences, parseConfiguration } from "../../module-builder/check-references";
import { MODULE_DEFINITIONS } from "../../module-builder/definitions";
import { EXAMPLES_FOLDER, MODULES_FOLDER, readModuleFolder, staleFiles } from "../../module-builder/module-folder";
import { type ModuleFiles, renderModule } from "../../module-builder/render-module";
import { ModuleStack } from "../../module-builder/module-stack";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformVariable } from "cdktf";
import * as constructsPackage from "../../constructs";
import { readPathDashboardBody } from "../../constructs/read-path-dashboard";
import { featureFlagDocument } from "../../constructs/read-path-flag";
import { PRISMA_READ_FLAG } from "../../contracts/prisma-read-flag";
import { jsonencodedDocument } from "../support/hcl";
import { NamingScope } from "../../constructs/naming-scope";
import { PROJECT_ROOT } from "../support/project-copy";

const MODULES_ROOT = join(PROJECT_ROOT, MODULES_FOLDER);

/** What a module block may hold besides the module's inputs: Terraform's own arguments. */
const MODULE_META_ARGUMENTS = ["source", "version", "count", "for_each", "providers", "depends_on"];

/** Exported building blocks with no module of their own, and why. */
const NOT_PUBLISHED_ALONE: Record<string, string> = {
  CanaryDeployment: "the canary-function module holds it: it shifts that function's alias, which it cannot do alone",
};
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

  it("publish every building block the constructs package exports, but those a module already holds", () => {
    const buildingBlocks = Object.entries(constructsPackage)
      .filter(([, exported]) => typeof exported === "function" && exported.prototype instanceof NamingScope)
      .map(([name]) => name);
    const published = MODULE_DEFINITIONS.map((definition) => definition.construct);

    expect(buildingBlocks.filter((name) => !published.includes(name)).sort()).toEqual(Object.keys(NOT_PUBLISHED_ALONE).sort());
    expect(published.every((name) => buildingBlocks.includes(name))).toBe(true);
  });

  it("are committed as npm run build:modules renders them: a construct changed without its module fails here", () => {
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

  it.each(MODULE_DEFINITIONS.map((definition) => definition.name))("%s: keeps every default its definition gives, falsy ones too (an input without one is required)", async (name) => {
    const definition = MODULE_DEFINITIONS.find((candidate) => candidate.name === name)!;
    const stack = new ModuleStack(new App({ outdir: mkdtempSync(join(tmpdir(), "module-defaults-")) }), name);
    definition.define(stack);
    const declared = stack.node.findAll().filter((construct): construct is TerraformVariable => construct instanceof TerraformVariable);
    const variables = variablesOf(await moduleConfiguration(join(MODULES_ROOT, name)));

    for (const variable of declared) {
      const rendered = variables.get(variable.friendlyUniqueId)!;
      expect({ variable: variable.friendlyUniqueId, hasDefault: "default" in rendered }).toEqual({ variable: variable.friendlyUniqueId, hasDefault: variable.default !== undefined });
      if (variable.default !== undefined) expect({ variable: variable.friendlyUniqueId, default: rendered.default }).toEqual({ variable: variable.friendlyUniqueId, default: variable.default });
    }
  });

  it.each(MODULE_DEFINITIONS.map((definition) => definition.name))("%s: every reference resolves inside the module", async (name) => {
    expect(await danglingReferences(await moduleConfiguration(join(MODULES_ROOT, name)))).toEqual([]);
  });

  it("read-path-dashboard: its body is the construct's, with Terraform's values where the stack has its own", async () => {
    const config = await moduleConfiguration(join(MODULES_ROOT, "read-path-dashboard"));
    const fn = (role: string, title: string, serviceName: string) => ({
      title: `\${var.${role}_function_name} (${title})`,
      functionName: `\${var.${role}_function_name}`,
      aliasName: "${var.alias_name}",
      deadLetterQueueName: `\${var.${role}_dead_letter_queue_name}`,
      requestMetrics: { namespace: "${var.metrics_namespace}", serviceName },
    });
    const expected = JSON.parse(
      readPathDashboardBody({
        region: "${data.aws_region.current.region}",
        // Each function's rows read its request metrics where the inputs say it publishes them.
        functions: [
          fn("control", "control", "${var.control_service_name}"),
          fn("candidate", "candidate", "${coalesce(var.candidate_service_name, var.candidate_function_name)}"),
        ],
        api: { apiName: "${var.api_name}", stageName: "${var.api_stage_name}" },
        alarmArns: [],
        routing: { namespace: "${var.metrics_namespace}", serviceName: "${var.control_service_name}" },
        database: { instanceIdentifier: "${var.database_instance_identifier}" },
      }),
    );
    // The alarm widget lists the input itself, not its items.
    expected.widgets[0].properties.alarms = "${var.alarm_arns}";

    expect(await jsonencodedDocument(config.resource.aws_cloudwatch_dashboard.this[0].dashboard_body)).toEqual(expected);
  });

  it("read-path-flag: its document is the construct's, with the mode and share from the inputs", async () => {
    const config = await moduleConfiguration(join(MODULES_ROOT, "read-path-flag"));
    const expected = JSON.parse(featureFlagDocument({ mode: "${var.mode}" as "all", percentage: "${var.percentage}" as unknown as number }));
    expected.values[PRISMA_READ_FLAG].enabled = '${(var.mode != "off")}';

    expect(await jsonencodedDocument(config.resource.aws_appconfig_hosted_configuration_version.this_version[0].content)).toEqual(expected);
  });

  it("lambda-proxy-api: its public routes are for_each resources keyed by path part, public, and hashed into the deployment", async () => {
    const config = await moduleConfiguration(join(MODULES_ROOT, "lambda-proxy-api"));
    const [resource] = config.resource.aws_api_gateway_resource.this_public;
    const [method] = config.resource.aws_api_gateway_method.this_public_method;
    const [integration] = config.resource.aws_api_gateway_integration.this_public_integration;
    const [deployment] = config.resource.aws_api_gateway_deployment.this_deployment;

    const byPathPart = "${{ for key, val in local.routes : val.pathPart => val }}";
    expect([resource.for_each, method.for_each, integration.for_each]).toEqual([byPathPart, byPathPart, byPathPart]);
    expect(method).toMatchObject({ authorization: "NONE", http_method: "${each.value.httpMethod}", resource_id: "${aws_api_gateway_resource.this_public[each.key].id}" });
    expect(integration.http_method).toBe("${aws_api_gateway_method.this_public_method[each.key].http_method}");
    for (const routed of ["aws_api_gateway_resource.this_public", "aws_api_gateway_method.this_public_method", "aws_api_gateway_integration.this_public_integration"]) {
      expect(deployment.triggers.redeployment).toContain(`[for key, val in ${routed} : val.id]`);
    }
    expect(deployment.depends_on).toEqual(expect.arrayContaining(["${aws_api_gateway_method.this_public_method}", "${aws_api_gateway_integration.this_public_integration}"]));
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
      const given = Object.keys(body).filter((argument) => !MODULE_META_ARGUMENTS.includes(argument));
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
