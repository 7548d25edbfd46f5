/**
 * prisma-read when the database fails: stopped (503 with Retry-After, then recovery when it
 * returns), unreachable within the connect timeout, its password rotated, or failing in a way
 * nobody planned for (a bare 500 that tells the caller nothing). Real PostgreSQL throughout.
 */
import { createServer, type Server, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { ReadApiDependencies, RequestOutcome } from "../../../functions/prisma-read/api/read-api";
import { createReadRuntime } from "../../../functions/prisma-read/runtime";
import { AwsWireServer, awsError, clientConfig } from "../../support/aws-wire-server";
import { freshDatabase, query, testDatabaseUrl } from "../../support/database";
import { startControlledPostgres, type ControlledPostgres } from "../../support/postgres-server";
import { apiEvent, openTestClient, request, TEST_NOW, type JsonResponse } from "../../support/read-api";
import { waitFor } from "../../support/local-read-path";

/** A 503 that says only that the database is unavailable, and when to retry. */
function expectUnavailable(response: JsonResponse): void {
  expect(response.status).toBe(503);
  expect(response.headers["retry-after"]).toMatch(/^\d+$/);
  expect(response.body).toEqual({ error: { code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; retry shortly" } });
}

describe("a stopped database", () => {
  let postgres: ControlledPostgres;
  beforeAll(async () => {
    postgres = await startControlledPostgres();
  }, 60_000);
  afterAll(() => postgres?.destroy());

  it("answers 503 with Retry-After while PostgreSQL is down, and serves again once it is back", async () => {
    const database = openTestClient(postgres.url);
    const dependencies: ReadApiDependencies = { db: database, clock: () => TEST_NOW };
    const [{ id: creator }] = await query(postgres.url, "SELECT id FROM creators ORDER BY handle LIMIT 1");
    try {
      const before = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator }), dependencies);
      await postgres.stop();
      const healthDown = await request(apiEvent("/health"), dependencies);
      const fansDown = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator }), dependencies);
      await postgres.start();
      const healthBack = await request(apiEvent("/health"), dependencies);
      const fansBack = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator }), dependencies);

      expect(before.status).toBe(200);
      expectUnavailable(healthDown);
      expectUnavailable(fansDown);
      expect(healthBack.status).toBe(200);
      expect(fansBack.body).toEqual(before.body);
    } finally {
      await database.disconnect();
    }
  }, 60_000);
});

describe("a database that accepts connections but never answers", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it("answers 503 once the connect timeout runs out, instead of hanging", async () => {
    const { port } = silent.address() as { port: number };
    const database = openTestClient(`postgresql://user:password@127.0.0.1:${port}/db`, undefined, { DATABASE_CONNECT_TIMEOUT_MS: "300" });
    try {
      const started = performance.now();
      const response = await request(apiEvent("/health"), { db: database, clock: () => TEST_NOW });

      expectUnavailable(response);
      // The server never answers, so without the connect timeout the request would wait for ever:
      // any bound proves it ended, and this one is far above the 300 ms timeout, whatever the load.
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      await database.disconnect();
    }
  });
});

describe("an unexpected database error", () => {
  it("answers a bare 500: no SQL, no Prisma message, no stack", async () => {
    // A database without the schema: every query fails in a way no route expects.
    const database = openTestClient(await freshDatabase("no_schema"));
    const outcomes: RequestOutcome[] = [];
    const creator = "01900000-0000-7000-8000-000000000001";
    try {
      const response = await request(apiEvent(`/creators/${creator}/fans`, { caller: creator }), {
        db: database,
        clock: () => TEST_NOW,
        observe: (outcome) => outcomes.push(outcome),
      });

      expect(response).toMatchObject({ status: 500, body: { error: { code: "INTERNAL_ERROR", message: "An unexpected error occurred" } } });
      expect(JSON.stringify(response)).not.toMatch(/prisma|relation|creators|select|at .*\.ts/i);
      expect(String((outcomes[0].error as Error).message)).toMatch(/does not exist/);
    } finally {
      await database.disconnect();
    }
  });
});

describe("a rotated password", () => {
  const secretArn = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!db-rotation-test";
  const role = `reader_${randomBytes(4).toString("hex")}`;
  let secret: { username: string; password: string };
  let secretsManager: AwsWireServer;

  beforeAll(async () => {
    secret = { username: role, password: "first-password" };
    await query(testDatabaseUrl(), `CREATE ROLE ${role} LOGIN PASSWORD '${secret.password}'`);
    await query(testDatabaseUrl(), `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    secretsManager = await new AwsWireServer()
      .onTarget("secretsmanager.GetSecretValue", (call) =>
        call.json?.SecretId === secretArn
          ? { body: { ARN: secretArn, Name: "rds!db-rotation-test", SecretString: JSON.stringify(secret), VersionId: "v1" } }
          : awsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret."),
      )
      .start();
  });
  afterAll(async () => {
    await secretsManager.stop();
    await query(testDatabaseUrl(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
  });

  /** prisma-read's own runtime, as the stack configures it: host, user and secret, password from Secrets Manager. */
  function runtimeFor(outcomes: RequestOutcome[]) {
    const url = new URL(testDatabaseUrl());
    const runtime = createReadRuntime(
      {
        DATABASE_SECRET_ARN: secretArn,
        DATABASE_HOST: url.hostname,
        DATABASE_PORT: url.port,
        DATABASE_NAME: url.pathname.slice(1),
        DATABASE_USER: role,
        DATABASE_TLS: "disable",
      },
      new SecretsManagerClient(clientConfig(secretsManager)),
    );
    const dependencies: ReadApiDependencies = { ...runtime.dependencies, clock: () => TEST_NOW, observe: (outcome) => outcomes.push(outcome) };
    return { runtime, dependencies };
  }

  /** What rotation does: a new password in PostgreSQL (and maybe in the secret), old sessions ended. */
  async function rotate(newPassword: string, options: { updateSecret: boolean }): Promise<void> {
    await query(testDatabaseUrl(), `ALTER ROLE ${role} PASSWORD '${newPassword}'`);
    if (options.updateSecret) secret = { ...secret, password: newPassword };
    await query(testDatabaseUrl(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
    // pg_terminate_backend only signals: the pool's idle connection may still look open to the next
    // request, which then fails as "terminating connection" rather than on the new password.
    await waitFor(`${role}'s sessions to end`, async () => (await query(testDatabaseUrl(), `SELECT 1 FROM pg_stat_activity WHERE usename = '${role}'`)).length === 0);
  }

  it("reads the secret once, then refetches it once after a rotation and serves without an error", async () => {
    const outcomes: RequestOutcome[] = [];
    const { runtime, dependencies } = runtimeFor(outcomes);
    try {
      const first = await request(apiEvent("/health"), dependencies);
      const second = await request(apiEvent("/health"), dependencies);
      const fetchesBefore = secretsManager.calls("GetSecretValue").length;
      await rotate("second-password", { updateSecret: true });
      const afterRotation = await request(apiEvent("/health"), dependencies);
      const next = await request(apiEvent("/health"), dependencies);

      expect([first.status, second.status, afterRotation.status, next.status]).toEqual([200, 200, 200, 200]);
      expect(fetchesBefore).toBe(1);
      expect(secretsManager.calls("GetSecretValue")).toHaveLength(2);
      expect(outcomes.map((outcome) => outcome.credentialsRefreshed)).toEqual([false, false, true, false]);
    } finally {
      await runtime.database.disconnect();
    }
  });

  it("answers 503 after one refetch when the secret still holds the old password", async () => {
    const outcomes: RequestOutcome[] = [];
    const { runtime, dependencies } = runtimeFor(outcomes);
    try {
      expect((await request(apiEvent("/health"), dependencies)).status).toBe(200);
      const fetchesBefore = secretsManager.calls("GetSecretValue").length;
      await rotate("third-password", { updateSecret: false });

      const response = await request(apiEvent("/health"), dependencies);

      expectUnavailable(response);
      expect(secretsManager.calls("GetSecretValue").length - fetchesBefore).toBe(1);
      await rotate("third-password", { updateSecret: true });
    } finally {
      await runtime.database.disconnect();
    }
  });
});
