import type { ModuleDefinition } from "../../module-builder/module-definition";
import type { renderModule as RenderModule } from "../../module-builder/render-module";
import type { PostgresDatabaseProps } from "../../constructs/postgres-database";
import type { ReadPathFlagProps } from "../../constructs/read-path-flag";
import { validEnvironmentInput } from "../support/environment-input";
import { PROJECT_ROOT } from "../support/project-copy";
import { VALID_POSTGRES_DATABASE_PROPS } from "../support/postgres-database-props";

type Rules = Record<string, any>;

/**
 * A construct, its module and config, loaded afresh with one rule of its table changed: the one
 * line a maintainer would edit.
 */
function loadWithRules(rulesModule: string, exportName: string, change: (rules: Rules) => void) {
  let loaded: {
    PostgresDatabase: typeof import("../../constructs/postgres-database").PostgresDatabase;
    ReadPathFlag: typeof import("../../constructs/read-path-flag").ReadPathFlag;
    stackWithAwsProvider: typeof import("../support/synth").stackWithAwsProvider;
    postgresDatabaseModule: ModuleDefinition;
    readPathFlagModule: ModuleDefinition;
    renderModule: typeof RenderModule;
    parseEnvironments: typeof import("../../config/load").parseEnvironments;
  };
  jest.isolateModules(() => {
    const actual = jest.requireActual<Record<string, unknown>>(rulesModule);
    const rules = structuredClone(actual[exportName]) as Rules;
    change(rules);
    jest.doMock(rulesModule, () => ({ ...actual, [exportName]: rules }));
    loaded = {
      PostgresDatabase: require("../../constructs/postgres-database").PostgresDatabase,
      ReadPathFlag: require("../../constructs/read-path-flag").ReadPathFlag,
      stackWithAwsProvider: require("../support/synth").stackWithAwsProvider,
      postgresDatabaseModule: require("../../module-builder/definitions/postgres-database").postgresDatabaseModule,
      readPathFlagModule: require("../../module-builder/definitions/read-path-flag").readPathFlagModule,
      renderModule: require("../../module-builder/render-module").renderModule,
      parseEnvironments: require("../../config/load").parseEnvironments,
    };
  });
  return loaded!;
}

type Loaded = ReturnType<typeof loadWithRules>;

function database(loaded: Loaded, overrides: Partial<PostgresDatabaseProps>) {
  return () =>
    new loaded.PostgresDatabase(loaded.stackWithAwsProvider(), "database", { ...VALID_POSTGRES_DATABASE_PROPS, ...overrides });
}

function flag(loaded: Loaded, monitorAlarmArns: string[]) {
  const props: ReadPathFlagProps = {
    name: "flag",
    applicationName: "huntaze-read-path",
    environmentName: "prod",
    value: { mode: "percentage", percentage: 10 },
    rollout: { growthType: "LINEAR", growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 },
    monitorAlarmArns,
    accountId: "123456789012",
  };
  return () => new loaded.ReadPathFlag(loaded.stackWithAwsProvider(), "flag", props);
}

/** The config problems of an environment whose database is named `databaseName`. */
function configProblems(loaded: Loaded, databaseName: string): string {
  const input = validEnvironmentInput();
  try {
    loaded.parseEnvironments([{ ...input, database: { ...input.database, databaseName } }]);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

/** The `variable "<name>" { … }` block of a rendered module's variables.tf. */
async function variableBlock(loaded: Loaded, definition: ModuleDefinition, name: string): Promise<string> {
  const variablesTf = (await loaded.renderModule(definition, PROJECT_ROOT)).get("variables.tf")!;
  const start = variablesTf.indexOf(`variable "${name}" {`);
  if (start < 0) throw new Error(`variables.tf declares no ${name}`);
  return variablesTf.slice(start, variablesTf.indexOf("\n}\n", start) + 2);
}

const ALARMS = (count: number) => Array.from({ length: count }, (_, index) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:candidate-${index}`);

describe("text rules (constructs/*-rules.ts): one line changes the construct, its module and config", () => {
  afterEach(() => {
    jest.dontMock("../../constructs/postgres-database-rules");
    jest.dontMock("../../constructs/read-path-flag-rules");
  });

  it("a shorter database name: PostgresDatabase, the postgres-database module's validation and config all refuse what they took", async () => {
    const longName = "read_path_of_forty_characters_and_more_x";
    const before = loadWithRules("../../constructs/postgres-database-rules", "POSTGRES_DATABASE_RULES", () => {});
    expect(database(before, { databaseName: longName })).not.toThrow();
    expect(configProblems(before, longName)).toBe("");

    const after = loadWithRules("../../constructs/postgres-database-rules", "POSTGRES_DATABASE_RULES", (rules) =>
      Object.assign(rules.databaseName, { pattern: "^[a-z][a-z0-9_]{0,30}$", must: "be a lower-case PostgreSQL identifier of at most 31 characters" }),
    );
    expect(database(after, { databaseName: longName })).toThrow(
      `database: databaseName must be a lower-case PostgreSQL identifier of at most 31 characters, got "${longName}"`,
    );
    expect(database(after, { databaseName: "huntaze" })).not.toThrow();
    expect(configProblems(after, longName)).toContain("database.databaseName: must be a lower-case PostgreSQL identifier of at most 31 characters");
    const block = await variableBlock(after, after.postgresDatabaseModule, "database_name");
    expect(block).toContain('can(regex("^[a-z][a-z0-9_]{0,30}$", var.database_name))');
    expect(block).toContain('"database_name must be a lower-case PostgreSQL identifier of at most 31 characters."');
  }, 60_000);

  it("a new default master user: the postgres-database module's input default follows", async () => {
    const after = loadWithRules("../../constructs/postgres-database-rules", "POSTGRES_DATABASE_RULES", (rules) => Object.assign(rules.masterUsername, { default: "app_admin" }));
    expect(await variableBlock(after, after.postgresDatabaseModule, "master_username")).toMatch(/default\s+=\s+"app_admin"\n/);
  }, 60_000);

  it("AppConfig watching more alarms: ReadPathFlag takes six, and the read-path-flag module's validation and message follow", async () => {
    const before = loadWithRules("../../constructs/read-path-flag-rules", "READ_PATH_FLAG_RULES", () => {});
    expect(flag(before, ALARMS(6))).toThrow("flag: monitorAlarmArns must name 1-5 alarms (AppConfig watches at most 5), got 6");

    const after = loadWithRules("../../constructs/read-path-flag-rules", "READ_PATH_FLAG_RULES", (rules) =>
      Object.assign(rules.monitorAlarmArns, { maxItems: 6, why: "(AppConfig watches at most 6)" }),
    );
    expect(flag(after, ALARMS(6))).not.toThrow();
    expect(flag(after, ALARMS(7))).toThrow("flag: monitorAlarmArns must name 1-6 alarms (AppConfig watches at most 6), got 7");
    const block = await variableBlock(after, after.readPathFlagModule, "monitor_alarm_arns");
    expect(block).toContain("length(var.monitor_alarm_arns) <= 6");
    expect(block).toContain('"monitor_alarm_arns must name 1-6 alarms (AppConfig watches at most 6)."');
  }, 60_000);
});
