/**
 * A password rotation under load, with the candidate logging in as Secrets Manager's rotation
 * leaves it: a role whose password is read from a secret (the real Secrets Manager client, on a
 * local server speaking its wire protocol). Single-user rotation changes the password in PostgreSQL
 * first (setSecret) and moves the secret's AWSCURRENT a moment later (finishSecret). In between,
 * each new connection is refused: the candidate refetches the secret (sharing one fetch among the
 * refusals, not one per refused request: secret-password.test.ts holds the once-a-second limit to a
 * clock of its own), answers 503, and the control serves the read. After finishSecret the candidate
 * serves again, with no caller ever seeing an error.
 */
import { randomBytes } from "node:crypto";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { ControlOutcome } from "../../functions/mock-read/control";
import { fetchSession, startDevServer, type DevServer } from "../../local/dev-server";
import { AwsWireServer, clientConfig } from "../support/aws-wire-server";
import { query } from "../support/database";
import { flagFileSource, pause, readOnce, readUnderLoad, seededDatabaseOfItsOwn, waitFor, type LoadPlan } from "../support/local-read-path";

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

it("falls back while PostgreSQL and the secret disagree, refetching far less often than it is refused, and serves from PostgreSQL once they agree", async () => {
  let fetchesWhileRefused = 0;
  let refusedWhileRotating = 0;
  let servedAfterFinish = 0;
  const refused = () => outcomes.filter((outcome) => outcome.candidateFailure?.detail === "status 503").length;
  const seen = await readUnderLoad(plan, async () => {
    await pause(500);
    const fetchesBefore = secretsManager.calls("GetSecretValue").length;
    // setSecret: the new password in PostgreSQL. Ending the role's sessions stands for the new
    // connections a rotation always meets (idle timeouts, new containers).
    await query(databaseUrl, `ALTER ROLE ${role} PASSWORD 'after-rotation'`);
    await query(databaseUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
    // Enough refusals, from eight clients, for a fetch per refusal to show.
    await waitFor("reads refused by PostgreSQL while the secret lags", () => refused() >= 4 * plan.clients);
    // finishSecret: AWSCURRENT now holds the new password.
    fetchesWhileRefused = secretsManager.calls("GetSecretValue").length - fetchesBefore;
    refusedWhileRotating = refused();
    secret = { ...secret, password: "after-rotation" };
    const finished = outcomes.length;
    await waitFor("the candidate serving again", () => outcomes.slice(finished).some((outcome) => outcome.servedBy === "prisma"));
    servedAfterFinish = outcomes.length;
    await pause(500);
  });
  const after = await readOnce(server.url, plan.paths(plan.creators[0].id)[0], plan.creators[0].token);

  expect(seen.filter((read) => read.status !== 200)).toEqual([]);
  // Every candidate failure was its 503, served by the control.
  expect(outcomes.filter((outcome) => outcome.candidateFailure).map((outcome) => [outcome.servedBy, outcome.candidateFailure!.detail])).toEqual(
    Array.from({ length: refused() }, () => ["prisma-fallback", "status 503"]),
  );
  // Refusals share a fetch: at least the one, and far from one per refused read (how far depends on
  // how fast the machine refuses; secret-password.test.ts checks the once-a-second limit exactly).
  expect(fetchesWhileRefused).toBeGreaterThan(0);
  expect(fetchesWhileRefused).toBeLessThan(refusedWhileRotating / 2);
  // Once the candidate has the new password it keeps it: after its first read served, only reads
  // already connecting with the old one (at most one per client) can still be refused.
  expect(outcomes.slice(servedAfterFinish).filter((outcome) => outcome.servedBy !== "prisma").length).toBeLessThanOrEqual(plan.clients);
  expect(outcomes.at(-1)?.servedBy).toBe("prisma");
  expect([after.status, after.readPath]).toEqual([200, "prisma"]);
}, 60_000);
