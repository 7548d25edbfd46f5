/**
 * The deployed setting: prisma-read logs in as the read-only role with an RDS IAM token, signed by
 * the real @aws-sdk/rds-signer with the function's credentials, sent as the connection's password.
 * A local server speaking PostgreSQL's wire protocol records what the client sent.
 */
import { READ_ONLY_ROLE } from "../../../database/roles";
import { handleReadRequest } from "../../../functions/prisma-read/api/read-api";
import { createReadRuntime } from "../../../functions/prisma-read/runtime";
import { PasswordCapturingPostgres } from "../../support/password-capturing-postgres";
import { apiEvent } from "../../support/read-api";

const server = new PasswordCapturingPostgres();
const savedEnvironment = { ...process.env };

beforeAll(async () => {
  await server.start();
  // The credentials Lambda gives the function, as the SDK's default provider reads them.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDLOCALTEST", AWS_SECRET_ACCESS_KEY: "local-test-secret", AWS_SESSION_TOKEN: "local-session" });
});
afterAll(async () => {
  process.env = savedEnvironment;
  await server.stop();
});

it("sends an IAM token for the read-only role as its password, and answers 503 when refused", async () => {
  const runtime = createReadRuntime({
    DATABASE_IAM_AUTH: "true",
    DATABASE_HOST: "127.0.0.1",
    DATABASE_PORT: String(server.port),
    DATABASE_NAME: "huntaze",
    DATABASE_USER: READ_ONLY_ROLE,
    // The stand-in server speaks no TLS; RDS requires it, and the deployed setting is verify-full.
    DATABASE_TLS: "disable",
    AWS_REGION: "eu-west-1",
  });
  try {
    const response = await handleReadRequest(apiEvent("/health"), runtime.dependencies);

    expect(response.statusCode).toBe(503);
    expect(server.logins.length).toBeGreaterThanOrEqual(1);
    const [login] = server.logins;
    expect(login).toMatchObject({ user: READ_ONLY_ROLE, database: "huntaze" });
    const token = new URL(`https://${login.password}`);
    expect(`${token.host}${token.pathname}`).toBe(`127.0.0.1:${server.port}/`);
    expect(Object.fromEntries(token.searchParams)).toMatchObject({
      Action: "connect",
      DBUser: READ_ONLY_ROLE,
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": expect.stringMatching(/^AKIDLOCALTEST\/\d{8}\/eu-west-1\/rds-db\/aws4_request$/),
      "X-Amz-Expires": "900",
      "X-Amz-Security-Token": "local-session",
      "X-Amz-Signature": expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  } finally {
    await runtime.database.disconnect();
  }
});
