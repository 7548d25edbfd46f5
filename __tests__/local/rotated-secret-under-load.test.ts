/**
 * A password rotation under load, with the candidate logging in as Secrets Manager's rotation
 * leaves it: a role whose password is read from a secret (the real Secrets Manager client, on a
 * local server speaking its wire protocol). Single-user rotation changes the password in PostgreSQL
 * first (setSecret) and moves the secret's AWSCURRENT a moment later (finishSecret). In between,
 * each new connection is refused: the candidate refetches the secret (at most once a second, not
 * once per refused request), answers 503, and the control serves the read. After finishSecret the
 * candidate serves again, with no caller ever seeing an error.
 */
import { randomBytes } from "node:crypto";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { ControlOutcome } from "../../functions/mock-read/control";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { AwsWireServer, clientConfig } from "../support/aws-wire-server";
import { query } from "../support/database";
import { flagFileSource, pause, readUnderLoad, seededDatabaseOfItsOwn, type LoadPlan } from "../support/local-read-path";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!db-rotation-under-load";
const role = `rotated_${randomBytes(4).toString("hex")}`;
let secret = { username: role, password: "before-rotation" };
let databaseUrl: string;
let secretsManager: AwsWireServer;
let server: DevServer;
let plan: LoadPlan;
const outcomes: ControlOutcome[] = [];

beforeAll(async () => {
  const database = await seededDatabaseOfItsOwn("rotation");
  databaseUrl = database.url;
  await query(databaseUrl, `CREATE ROLE ${role} LOGIN PASSWORD '${secret.password}'`);
  await query(databaseUrl, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
  secretsManager = await new AwsWireServer()
    .onTarget("secretsmanager.GetSecretValue", () => ({ body: { ARN: SECRET_ARN, Name: "rds!db-rotation-under-load", SecretString: JSON.stringify(secret) } }))
    .start();
  const url = new URL(databaseUrl);
  server = await startDevServer({
    port: 0,
    databaseUrl,
    flags: flagFileSource({ enabled: true, mode: "all" }),
    creators: database.creators,
    // prisma-read's environment as the stack sets it for a password login.
    candidateEnvironment: {
      DATABASE_SECRET_ARN: SECRET_ARN,
      DATABASE_HOST: url.hostname,
      DATABASE_PORT: url.port,
      DATABASE_NAME: url.pathname.slice(1),
      DATABASE_USER: role,
      DATABASE_TLS: "disable",
    },
    secretsManager: new SecretsManagerClient(clientConfig(secretsManager)),
    // One warm container: the refetch limit is per container, as each Lambda container has its own.
    candidateContainers: 1,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  plan = { serverUrl: server.url, creators: await fetchSession(server.url), clients: 8, paths: (id) => [`/creators/${id}/fans?limit=5`, `/creators/${id}`] };
}, 120_000);

afterAll(async () => {
  await server?.close();
  await secretsManager?.stop();
  await query(databaseUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
  await query(databaseUrl, `DROP OWNED BY ${role}`);
  await query(databaseUrl, `DROP ROLE ${role}`);
}, 30_000);

it("falls back while PostgreSQL and the secret disagree, refetching at most once a second, and serves from PostgreSQL once they agree", async () => {
  const window = 2_000;
  let finishedAt = 0;
  let fetchesInWindow = 0;
  const seen = await readUnderLoad(plan, async () => {
    await pause(500);
    const fetchesBefore = secretsManager.calls("GetSecretValue").length;
    // setSecret: the new password in PostgreSQL. Ending the role's sessions stands for the new
    // connections a rotation always meets (idle timeouts, new containers).
    await query(databaseUrl, `ALTER ROLE ${role} PASSWORD 'after-rotation'`);
    await query(databaseUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
    await pause(window);
    // finishSecret: AWSCURRENT now holds the new password.
    fetchesInWindow = secretsManager.calls("GetSecretValue").length - fetchesBefore;
    secret = { ...secret, password: "after-rotation" };
    finishedAt = performance.now();
    await pause(2_500);
  });

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  const refusedReads = outcomes.filter((outcome) => outcome.candidateFailure?.detail === "status 503").length;
  expect(refusedReads).toBeGreaterThan(fetchesInWindow);
  expect(fetchesInWindow).toBeGreaterThan(0);
  expect(fetchesInWindow).toBeLessThanOrEqual(window / 1_000 + 1);
  // Within the refetch interval of finishSecret, every read is the candidate's again.
  const settled = seen.filter((read) => read.at > finishedAt + 1_500);
  expect(settled.length).toBeGreaterThan(0);
  expect(new Set(settled.map((read) => read.readPath))).toEqual(new Set(["prisma"]));
}, 60_000);
