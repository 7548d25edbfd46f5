/**
 * The migrator as the pipeline runs it: its real zip (bundled as synth bundles it) run cold against
 * the test run's PostgreSQL, reading its admin secret from Secrets Manager's wire protocol; and the
 * deploy step, with the real SDK clients, invoking it before the candidate's canary.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CodeDeployClient } from "@aws-sdk/client-codedeploy";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { bundleFunction, type FunctionArtifact } from "../../bundling/bundle-function";
import { FUNCTION_ENTRIES, functionFiles } from "../../bundling/functions";
import { runZippedHandlerCold, type ColdRun } from "../../bundling/run-zipped-handler";
import { SCHEMA_ENGINE_WASM_FILE } from "../../database/schema-engine-file";
import { READ_ONLY_ROLE } from "../../database/roles";
import { CanaryDeployError, deployAliasByCanary, type CanaryDeployRequest } from "../../deploy/canary-deploy";
import { AwsWireServer, childProcessEnvironment, clientConfig } from "../support/aws-wire-server";
import { freshDatabase, migratesDatabasesThroughout, query } from "../support/database";
import { FakeCodeDeploy, type HookVerdict, type InvocationResult } from "../support/fake-codedeploy";
import { PROJECT_ROOT } from "../support/project-copy";

// Migrates fresh databases on the shared test server: no other file migrates one meanwhile.
migratesDatabasesThroughout();

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!db-0123-AbCdEf";
const MIGRATOR = "arn:aws:lambda:eu-west-1:111111111111:function:huntaze-db-migrator:1";

/** The migration folders committed in this checkout, in order. */
const committed = readdirSync(join(PROJECT_ROOT, "prisma", "migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let outdir: string;
let artifact: FunctionArtifact;
let secretsManager: AwsWireServer;
/** The admin credentials the secret holds: the test server's own login. */
const admin = new URL(process.env.DATABASE_URL ?? "postgresql://unset");

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), "db-migrator-bundle-"));
  artifact = bundleFunction({ name: "db-migrator", entry: join(PROJECT_ROOT, FUNCTION_ENTRIES["db-migrator"]), outdir, files: functionFiles("db-migrator", PROJECT_ROOT) });
  secretsManager = await new AwsWireServer()
    .onTarget("secretsmanager.GetSecretValue", (request) => ({
      body: { ARN: request.json.SecretId, Name: "rds!db-0123", SecretString: JSON.stringify({ username: decodeURIComponent(admin.username), password: decodeURIComponent(admin.password) }) },
    }))
    .start();
}, 60_000);
afterAll(async () => {
  await secretsManager?.stop();
  rmSync(outdir, { recursive: true, force: true });
});

/** The function's environment as the stack sets it, for one database of the test server. */
function migratorEnvironment(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  return {
    ...childProcessEnvironment(secretsManager),
    DATABASE_SECRET_ARN: SECRET_ARN,
    DATABASE_HOST: url.hostname,
    DATABASE_PORT: url.port,
    DATABASE_NAME: url.pathname.slice(1),
    DATABASE_TLS: "disable",
  };
}

function runMigrator(databaseUrl: string): Promise<ColdRun> {
  return runZippedHandlerCold(artifact.zipPath, {}, { environment: migratorEnvironment(databaseUrl) });
}

/** What Lambda answers for a run: the response, or the error of a function that threw. */
function asInvocation(run: ColdRun): InvocationResult {
  if (run.ok) return { payload: run.response };
  return { payload: { errorType: run.failure?.name ?? "Runtime.ExitError", errorMessage: run.failure?.message ?? "the function ended without an answer" }, functionError: "Unhandled" };
}

const appliedMigrations = (url: string) => query(url, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1");

describe("the migrator's zip", () => {
  it("ships the handler, the schema engine's wasm, the schema and every migration's SQL", () => {
    const files = unzipSync(readFileSync(artifact.zipPath));

    expect(Object.keys(files).sort()).toEqual(
      ["index.mjs", SCHEMA_ENGINE_WASM_FILE, "prisma/schema.prisma", "prisma/migrations/migration_lock.toml", ...committed.map((folder) => `prisma/migrations/${folder}/migration.sql`)].sort(),
    );
    expect(Array.from(files[SCHEMA_ENGINE_WASM_FILE].subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    for (const folder of committed) {
      expect(new TextDecoder().decode(files[`prisma/migrations/${folder}/migration.sql`])).toBe(readFileSync(join(PROJECT_ROOT, "prisma", "migrations", folder, "migration.sql"), "utf8"));
    }
  });

  it("never migrates twice at once: of two runs started together, one applies everything and the other nothing", async () => {
    const url = await freshDatabase("migrator_race");

    const runs = await Promise.all([runMigrator(url), runMigrator(url)]);

    const applied = runs.map((run) => (run.ok ? (run.response as { applied: string[] }).applied : run));
    expect(applied).toContainEqual(committed);
    expect(applied).toContainEqual([]);
    expect(await query(url, "SELECT count(*)::int AS count FROM _prisma_migrations")).toEqual([{ count: committed.length }]);
  });

});

describe("a fresh environment's deploy, with the real SDK clients against Lambda's and CodeDeploy's wire protocols", () => {
  const REQUEST: CanaryDeployRequest = {
    applicationName: "huntaze-prisma-read",
    deploymentGroupName: "huntaze-prisma-read-live",
    functionName: "huntaze-prisma-read",
    aliasName: "live",
    targetVersion: "2",
    beforeAllowTrafficHook: "huntaze-canary-health-hook:live",
    migrationFunction: MIGRATOR,
  };
  const FAST_WAIT = { maxWaitSeconds: 5, minPollSeconds: 0.02, maxPollSeconds: 0.05, alarmSettleSeconds: 5 };
  let aws: FakeCodeDeploy;
  let clients: { codeDeploy: CodeDeployClient; lambda: LambdaClient; cloudWatch: CloudWatchClient };
  let databaseUrl: string;
  const events: string[] = [];
  const log = (line: string) => events.push(line);

  /**
   * The candidate's pre-traffic check as it meets this database: its login role reads its tables.
   * On RDS the role itself comes from the migrations (a fresh instance has none); on the shared test
   * server it exists already, so the check reads a migrated table as that role.
   */
  async function candidateCheck(): Promise<HookVerdict> {
    try {
      await query(databaseUrl, `SET ROLE ${READ_ONLY_ROLE}; SELECT count(*) FROM creators`);
      return { status: "Succeeded", reason: "GET /health answered 200" };
    } catch (error) {
      return { status: "Failed", reason: `GET /health answered 503: ${(error as Error).message}` };
    }
  }

  beforeEach(async () => {
    events.length = 0;
    databaseUrl = await freshDatabase("first_deploy");
    aws = new FakeCodeDeploy();
    aws.functions.add("huntaze-prisma-read");
    aws.invoke = async (functionName) => {
      events.push(`invoke ${functionName}`);
      return asInvocation(await runMigrator(databaseUrl));
    };
    aws.beforeAllowTraffic = async () => {
      const verdict = await candidateCheck();
      events.push(`pre-traffic check: ${verdict.status}`);
      return verdict;
    };
    await aws.server.start();
    clients = { codeDeploy: new CodeDeployClient(clientConfig(aws.server)), lambda: new LambdaClient(clientConfig(aws.server)), cloudWatch: new CloudWatchClient(clientConfig(aws.server)) };
  });
  afterEach(() => aws.server.stop());

  it("first apply: the alias starts at the new version, and the deploy step migrates before anything reads; a rerun applies nothing", async () => {
    aws.alias = { version: "1" };

    const outcome = await deployAliasByCanary({ ...REQUEST, targetVersion: "1" }, clients, FAST_WAIT, log);
    const rerun = await deployAliasByCanary({ ...REQUEST, targetVersion: "1" }, clients, FAST_WAIT, log);

    expect([outcome, rerun]).toEqual([{ kind: "unchanged", version: "1" }, { kind: "unchanged", version: "1" }]);
    expect((await appliedMigrations(databaseUrl)).map((row) => row.migration_name)).toEqual(committed);
    expect(events).toContain(`Applied ${committed.length} migration(s): ${committed.join(", ")}`);
    expect(events).toContain("The database is up to date: no migration to apply");
    // The function read its admin secret, as the stack names it.
    expect(secretsManager.calls("GetSecretValue").at(-1)?.json).toEqual({ SecretId: SECRET_ARN });
    expect(await candidateCheck()).toMatchObject({ status: "Succeeded" });
  });

  it("migrates, then canaries: the pre-traffic check passes", async () => {
    aws.alias = { version: "1" };
    // Without the migrations, the check fails: what a deploy without the migrator met.
    expect(await candidateCheck()).toMatchObject({ status: "Failed" });

    const outcome = await deployAliasByCanary(REQUEST, clients, FAST_WAIT, log);

    expect(outcome).toMatchObject({ kind: "succeeded", fromVersion: "1", toVersion: "2" });
    const operations = aws.server.requests.map((request) => request.operation);
    expect(operations.indexOf("Invoke")).toBeLessThan(operations.indexOf("CreateDeployment"));
    expect(events.filter((line) => /^invoke|^pre-traffic|^Applied/.test(line))).toEqual([
      `invoke ${MIGRATOR}`,
      `Applied ${committed.length} migration(s): ${committed.join(", ")}`,
      "pre-traffic check: Succeeded",
    ]);
  });

  it("stops before the canary when the migration fails, naming the function and the failure, never the password", async () => {
    aws.alias = { version: "1" };
    // A database the migrations cannot apply to: tables, and no migration history (an existing
    // database never migrated by Prisma): the engine refuses to guess.
    await query(databaseUrl, "CREATE TABLE creators (id int)");
    const failing = deployAliasByCanary(REQUEST, clients, FAST_WAIT, log);

    await expect(failing).rejects.toThrow(CanaryDeployError);
    await expect(failing).rejects.toThrow(
      new RegExp(`^the migration failed in ${MIGRATOR} \\(MigrationFailedError: The database schema is not empty.*\\); nothing was deployed and no traffic moved`),
    );
    await expect(failing).rejects.toThrow(/baseline/);
    await expect(failing).rejects.not.toThrow(decodeURIComponent(admin.password));
    expect(aws.server.calls("CreateDeployment")).toHaveLength(0);
    expect(aws.hookVerdicts).toHaveLength(0);
  });

  it("without the migrator, the same canary fails its pre-traffic check and rolls back", async () => {
    aws.alias = { version: "1" };

    const deploy = deployAliasByCanary({ ...REQUEST, migrationFunction: undefined }, clients, FAST_WAIT, log);

    await expect(deploy).rejects.toThrow(/failed \(HOOK_EXECUTION_FAILURE: BeforeAllowTraffic: GET \/health answered 503.*\); rolled back by deployment d-HOOKROLLBACK/);
    expect(aws.server.calls("Invoke")).toHaveLength(0);
  });
});
