/**
 * SecretPassword's refetch limit, on a clock the test moves: while a rotation is half done, every
 * refused connection asks for a refresh, and the secret is fetched again at most once a second per
 * container. The real Powertools provider and Secrets Manager client read the secret from a local
 * server speaking Secrets Manager's wire protocol.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import { SecretPassword } from "../../../functions/prisma-read/connection/secret-password";
import { AwsWireServer, clientConfig } from "../../support/aws-wire-server";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!db-refetch-limit";
let password = "before-rotation";
let secretsManager: AwsWireServer;

beforeAll(async () => {
  secretsManager = await new AwsWireServer()
    .onTarget("secretsmanager.GetSecretValue", () => ({ body: { ARN: SECRET_ARN, Name: "rds!db-refetch-limit", SecretString: JSON.stringify({ username: "reader", password }) } }))
    .start();
});
afterAll(() => secretsManager.stop());

/** A SecretPassword on the test's clock, and how many times it has fetched the secret. */
function secretOnClock() {
  let now = 1_000_000;
  const provider = new SecretsProvider({ awsSdkV3Client: new SecretsManagerClient(clientConfig(secretsManager)) });
  const secret = new SecretPassword(provider, SECRET_ARN, "reader", 300, () => now);
  const before = secretsManager.calls("GetSecretValue").length;
  return { secret, fetches: () => secretsManager.calls("GetSecretValue").length - before, advance: (ms: number) => (now += ms) };
}

it("fetches once for refusals at the same moment, and not again until a second has passed", async () => {
  const { secret, fetches, advance } = secretOnClock();
  await secret.current();

  await Promise.all(Array.from({ length: 8 }, () => secret.refresh()));
  advance(400);
  await secret.refresh();
  advance(599);
  await secret.refresh();
  const withinTheSecond = fetches();
  advance(1);
  await secret.refresh();

  expect([withinTheSecond, fetches()]).toEqual([2, 3]);
});

it("hands out the password fetched by the refresh, and keeps it while refusals within the second ask again", async () => {
  const { secret, advance } = secretOnClock();
  password = "before-rotation";
  expect(await secret.current()).toBe("before-rotation");

  password = "after-rotation";
  await secret.refresh();
  const refreshed = await secret.current();
  password = "rotated-again";
  advance(999);
  await secret.refresh();

  expect([refreshed, await secret.current()]).toEqual(["after-rotation", "after-rotation"]);
});
