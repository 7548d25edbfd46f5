/**
 * Every config change the runbooks and the deployment guide tell an operator to make, applied as
 * printed to a copy of every environment in config/environments.ts, must pass what its pull request
 * will meet: the TypeScript type check of the edited entry, config validation, synth, and the
 * security baseline. And it must do what the document says it does to the synthesized stack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import ts from "typescript";
import { ENVIRONMENTS, STATE_STORE } from "../../config/environments";
import { ConfigError, parseEnvironments, parseStateStore } from "../../config/load";
import type { EnvironmentConfig, EnvironmentInput } from "../../config/schema";
import { checkSecurityBaseline } from "../../security/baseline";
import { defineStacks } from "../../stacks/define-stacks";
import { fixtureBuild } from "../support/function-code";
import { PROJECT_ROOT } from "../support/project-copy";
import { synthesize, synthesizeWithMetadata, type TerraformJson } from "../support/synth";

type Resources = Record<string, Record<string, any>>;

interface RunbookChange {
  readonly document: string;
  readonly what: string;
  /** The line as the document prints it, in a ```ts block. */
  readonly line: string;
  /** Where in an environment's entry the line goes: [] for the entry itself, ["flag"] for its flag. */
  readonly into: readonly string[];
  /** What the change does to each environment's synthesized stack. */
  readonly assess: (resources: Resources, environment: EnvironmentConfig, json: TerraformJson) => void;
  /**
   * The environments the document tells to make it, where not every one may as it stands (prod's
   * control is not sized for `all`); the others stay as they are.
   * @default - every environment
   */
  readonly environments?: readonly string[];
}

const ROLLBACK = "docs/runbooks/rollback.md";
const DEPLOYMENT = "docs/deployment.md";
const PHASES = "docs/runbooks/migration-phases.md";
/** Documents whose ```ts blocks are config changes an operator makes. */
const DOCUMENTS = [ROLLBACK, DEPLOYMENT, PHASES, "docs/runbooks/alarms.md", "docs/runbooks/secrets-rotation.md"];

const only = (resources: Resources, type: string) => {
  const blocks = Object.values(resources[type] ?? {});
  if (blocks.length !== 1) throw new Error(`expected one ${type}, found ${blocks.length}`);
  return blocks[0];
};
const flagValue = (resources: Resources) => JSON.parse(only(resources, "aws_appconfig_hosted_configuration_version").content).values.prismaRead;
const strategy = (resources: Resources) => {
  const { growth_type, growth_factor, deployment_duration_in_minutes, final_bake_time_in_minutes } = only(resources, "aws_appconfig_deployment_strategy");
  return { growth_type, growth_factor, deployment_duration_in_minutes, final_bake_time_in_minutes };
};
const ALL_AT_ONCE = { growth_type: "LINEAR", growth_factor: 100, deployment_duration_in_minutes: 0, final_bake_time_in_minutes: 0 };
const rolloutOf = (environment: EnvironmentConfig) => ({
  growth_type: environment.flag.rollout.growthType,
  growth_factor: environment.flag.rollout.growthFactorPercent,
  deployment_duration_in_minutes: environment.flag.rollout.deploymentDurationInMinutes,
  final_bake_time_in_minutes: environment.flag.rollout.finalBakeTimeInMinutes,
});
const originalFlag = (environment: EnvironmentConfig) => parseEnvironments(ENVIRONMENTS).find(({ name }) => name === environment.name)!.flag;

/**
 * The adoption block the documents print (indented as in their list item): the instance with the
 * facts that cannot change in place, and its database and master user.
 */
const adoptionBlock = (identifier: string, indent: string) =>
  [
    "instance: {",
    '  source: "adopt",',
    `  instanceIdentifier: "${identifier}",`,
    '  instanceClass: "db.r6g.large",',
    "  allocatedStorageGb: 200,",
    '  engineVersion: "17",',
    "  multiAz: true,",
    "  existing: {",
    '    kmsKeyArn: "arn:aws:kms:eu-west-1:333333333333:key/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",',
    '    subnetGroupName: "huntaze-prod-db",',
    '    securityGroupIds: ["sg-0a1b2c3d4e5f60031"],',
    '    clientSecurityGroupIds: ["sg-0a1b2c3d4e5f60032"],',
    "    masterPasswordManaged: false,",
    "  },",
    "},",
    'databaseName: "huntaze",',
    'masterUsername: "huntaze_admin",',
  ].join(`\n${indent}`);

/** The read API's targets: the function alias each integration invokes. */
const apiTargets = (resources: Resources) => [...new Set(Object.values(resources.aws_api_gateway_integration).map((integration) => integration.uri))];

const adopts = (identifier: string) => (resources: Resources, _environment: EnvironmentConfig, json: TerraformJson) => {
  expect(only(resources, "aws_db_instance").identifier).toBe(identifier);
  expect(json.import).toEqual([{ id: identifier, to: "aws_db_instance.database" }]);
};

const CHANGES: readonly RunbookChange[] = [
  {
    document: ROLLBACK,
    what: "the emergency flag-off: every read to the control, deployed to every container at once",
    line: 'flag: { prismaRead: { mode: "off" } },',
    into: [],
    assess: (resources) => {
      expect(flagValue(resources)).toEqual({ enabled: false, mode: "off", percentage: 0 });
      expect(strategy(resources)).toEqual(ALL_AT_ONCE);
    },
  },
  {
    document: ROLLBACK,
    what: "a lower share, by the environment's own rollout",
    line: 'prismaRead: { mode: "percentage", percentage: 5 },',
    into: ["flag"],
    assess: (resources, environment) => {
      expect(flagValue(resources)).toEqual({ enabled: true, mode: "percentage", percentage: 5 });
      expect(strategy(resources)).toEqual(rolloutOf({ ...environment, flag: originalFlag(environment) }));
    },
  },
  {
    document: ROLLBACK,
    what: "a revert that reaches every caller at once",
    line: 'deploymentConfig: "CodeDeployDefault.LambdaAllAtOnce",',
    into: ["canary"],
    assess: (resources) => {
      const groups = Object.values(resources.aws_codedeploy_deployment_group);
      expect(groups.map((group) => group.deployment_config_name)).toEqual(groups.map(() => "CodeDeployDefault.LambdaAllAtOnce"));
    },
  },
  {
    document: ROLLBACK,
    what: "adopting an instance restored from a backup",
    line: adoptionBlock("huntaze-prod-restored", "   "),
    into: ["database"],
    assess: adopts("huntaze-prod-restored"),
  },
  {
    document: DEPLOYMENT,
    what: "the first deployment's flag: off until the migrations have run and the pre-traffic check has passed",
    line: 'flag: { prismaRead: { mode: "off" } },',
    into: [],
    assess: (resources) => expect(flagValue(resources)).toEqual({ enabled: false, mode: "off", percentage: 0 }),
  },
  {
    document: DEPLOYMENT,
    what: "the first share once the database is ready",
    line: 'prismaRead: { mode: "percentage", percentage: 10 },',
    into: ["flag"],
    assess: (resources) => expect(flagValue(resources)).toEqual({ enabled: true, mode: "percentage", percentage: 10 }),
  },
  {
    document: DEPLOYMENT,
    what: "the alarm e-mail addresses",
    line: 'alerting: { emails: ["read-path-oncall@example.com"] },',
    into: [],
    assess: (resources, environment, json) => {
      expect(environment.alerting.emails).toEqual(["read-path-oncall@example.com"]);
      expect(JSON.stringify(json)).toContain("read-path-oncall@example.com");
      expect(Object.keys(resources.aws_sns_topic_subscription ?? {})).not.toHaveLength(0);
    },
  },
  {
    document: DEPLOYMENT,
    what: "adopting an existing database",
    line: adoptionBlock("huntaze-prod", "    "),
    into: ["database"],
    assess: adopts("huntaze-prod"),
  },
  {
    document: PHASES,
    what: "into shadow: a sample of reads served by the candidate in the dark",
    line: 'prismaRead: { mode: "shadow", percentage: 10 },',
    into: ["flag"],
    assess: (resources) => {
      expect(flagValue(resources)).toEqual({ enabled: true, mode: "shadow", percentage: 10 });
      expect(apiTargets(resources)).toEqual(["${aws_lambda_alias.mock_read_live.invoke_arn}"]);
    },
  },
  {
    document: PHASES,
    what: "into the canary phase: a share of creators on the candidate",
    line: 'prismaRead: { mode: "percentage", percentage: 10 },',
    into: ["flag"],
    assess: (resources) => expect(flagValue(resources)).toEqual({ enabled: true, mode: "percentage", percentage: 10 }),
  },
  {
    document: PHASES,
    what: "into all (and back out of direct): every creator on the candidate, through the control",
    line: 'prismaRead: { mode: "all" },',
    into: ["flag"],
    // prod's control is not sized for `all`: the runbook has it raise its concurrency first (tested below).
    environments: ["dev", "staging"],
    assess: (resources) => {
      expect(flagValue(resources)).toEqual({ enabled: true, mode: "all", percentage: 0 });
      expect(apiTargets(resources)).toEqual(["${aws_lambda_alias.mock_read_live.invoke_arn}"]);
    },
  },
  {
    document: PHASES,
    what: "into direct: the API calls the candidate, and the control and its flag are gone",
    line: 'prismaRead: { mode: "direct" },',
    into: ["flag"],
    assess: (resources) => {
      expect(apiTargets(resources)).toEqual(["${aws_lambda_alias.prisma_read_live.invoke_arn}"]);
      expect(Object.keys(resources).filter((type) => type.startsWith("aws_appconfig_"))).toEqual([]);
      expect(Object.keys(resources.aws_lambda_function)).not.toContain("mock_read");
    },
  },
];

/** The line the rollback runbook used to print: it synthesized (the field was dropped) and failed the type check. */
const FORMER_FLAG_OFF: RunbookChange = { ...CHANGES[0], line: "prismaRead: { enabled: false },", into: ["flag"] };

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), "utf8");
/** The one-line contents of a document's ```ts blocks. */
const tsBlocks = (document: string) => [...read(document).matchAll(/^\s*```ts\n([\s\S]*?)\n\s*```/gm)].map(([, body]) => body.trim());

/** The line's key and value, as the object literal it is part of. */
const valueOf = (line: string) => new Function(`return ({ ${line} });`)() as Record<string, unknown>;

function applied(entry: Record<string, any>, into: readonly string[], value: Record<string, unknown>): Record<string, any> {
  if (into.length === 0) return { ...entry, ...value };
  const [head, ...rest] = into;
  return { ...entry, [head]: applied(entry[head] ?? {}, rest, value) };
}

/** The edited entry as TypeScript sees it in config/environments.ts: the line inside its object literal. */
function editedEntryExpression(change: RunbookChange): string {
  const nest = (path: string, rest: readonly string[]): string =>
    rest.length === 0 ? `{ ...${path}, ${change.line} }` : `{ ...${path}, ${rest[0]}: ${nest(`${path}.${rest[0]}`, rest.slice(1))} }`;
  return nest("environment", change.into);
}

/** TypeScript's errors for each change's edited entry, type-checked against config/schema.ts with the project's compiler options. */
function typeErrors(changes: readonly RunbookChange[]): string[][] {
  const fileName = join(PROJECT_ROOT, "__tests__", "docs", "runbook-change-snippets.ts");
  const header = ['import type { EnvironmentInput } from "../../config/schema";', "declare const environment: Required<EnvironmentInput>;"];
  const statements = changes.map((change, index) => `export const change${index}: EnvironmentInput = ${editedEntryExpression(change)};`);
  const source = [...header, ...statements].join("\n");
  // Where each change's statement starts: a change printed over several lines spans several.
  const starts = statements.map((_, index) => [...header, ...statements.slice(0, index)].join("\n").length + 1);
  const configFile = ts.readConfigFile(join(PROJECT_ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, PROJECT_ROOT);
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], { ...options, noEmit: true }, host);
  const errors: string[][] = changes.map(() => []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program, program.getSourceFile(fileName))) {
    const index = starts.findLastIndex((start) => start <= diagnostic.start!);
    errors[index]?.push(`TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`);
  }
  return errors;
}

/** Every environment of the project with the change applied, validated and synthesized. */
function synthesizedWith(change: RunbookChange) {
  const inputs = ENVIRONMENTS.map((entry) =>
    !change.environments || change.environments.includes(entry.name) ? (applied(entry, change.into, valueOf(change.line)) as EnvironmentInput) : entry,
  );
  const config = { environments: parseEnvironments(inputs), stateStore: parseStateStore(STATE_STORE) };
  return defineStacks(Testing.app(), config, fixtureBuild()).environments.map((stack) => ({
    environment: stack.environment,
    json: synthesize(stack),
    written: synthesizeWithMetadata(stack),
  }));
}

describe("the config changes the runbooks prescribe", () => {
  const errors = typeErrors([...CHANGES, FORMER_FLAG_OFF]);

  it("are every ```ts block of the documents, printed as the test applies them", () => {
    const printed = DOCUMENTS.flatMap((document) => tsBlocks(document).map((line) => `${document}: ${line}`));
    const tested = CHANGES.map(({ document, line }) => `${document}: ${line}`);

    expect([...new Set(printed)].sort()).toEqual([...new Set(tested)].sort());
  });

  it.each(CHANGES.map((change, index) => [change.document, change.what, index] as const))("%s, %s: type-checks, validates, synthesizes and passes the security baseline", (_document, _what, index) => {
    const change = CHANGES[index];

    const stacks = synthesizedWith(change);

    expect(errors[index]).toEqual([]);
    expect(stacks.map(({ environment }) => environment.name)).toEqual(["dev", "staging", "prod"]);
    for (const { environment, json, written } of stacks) {
      expect({ environment: environment.name, findings: checkSecurityBaseline(written).findings }).toEqual({ environment: environment.name, findings: [] });
      if (!change.environments || change.environments.includes(environment.name)) change.assess(json.resource as Resources, environment, json);
    }
  });

  it("refuse prod in `all` until its control carries the whole peak, naming the concurrency to raise, as the phases runbook says", () => {
    const all = CHANGES.find((change) => change.document === PHASES && change.line.includes('"all"'))!;

    expect(() => synthesizedWith({ ...all, environments: undefined })).toThrow(/environment "prod"[\s\S]*functions\.mockRead\.reservedConcurrency: 200 instances cannot carry the peak[\s\S]*Raise it to at least 1000/);
    expect(read(PHASES)).toContain("prod's 200 instances cannot");
  });

  it("catch the flag-off the runbook used to print: TypeScript refuses `enabled`, and so does validation at synth", () => {
    const formerErrors = errors[CHANGES.length];

    expect(formerErrors).toEqual([expect.stringMatching(/^TS2353: Object literal may only specify known properties, and 'enabled' does not exist/)]);
    expect(() => synthesizedWith(FORMER_FLAG_OFF)).toThrow(ConfigError);
    expect(() => synthesizedWith(FORMER_FLAG_OFF)).toThrow('flag.prismaRead: has no field "enabled"; its fields are mode, percentage');
  });
});
