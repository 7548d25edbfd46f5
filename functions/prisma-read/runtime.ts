import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { ReadApiDependencies } from "./api/read-api";
import { iamAuthToken } from "./connection/iam-auth-token";
import { openReadClient, type OpenReadClient } from "./connection/read-client-factory";
import { SecretPassword } from "./connection/secret-password";
import { readDatabaseSettings } from "./connection/settings";
import { logger, recordOutcome, tracer } from "./observability";

export interface ReadRuntime {
  readonly dependencies: ReadApiDependencies;
  readonly database: OpenReadClient;
}

/**
 * Everything a container reuses across invocations, built from its environment: the settings,
 * the way it logs in (IAM tokens, or a cached secret), the Prisma client and its pool. Nothing connects here; the first request does.
 */
export function createReadRuntime(
  environment: Readonly<Record<string, string | undefined>>,
  /** @default - a client configured by the Lambda environment (region, credentials) */
  secretsManager: SecretsManagerClient = new SecretsManagerClient({}),
): ReadRuntime {
  const settings = readDatabaseSettings(environment);
  const secret =
    settings.DATABASE_SECRET_ARN && !settings.DATABASE_URL && !settings.ACCELERATE_URL
      ? new SecretPassword(
          new SecretsProvider({ awsSdkV3Client: tracer.captureAWSv3Client(secretsManager) }),
          settings.DATABASE_SECRET_ARN,
          settings.DATABASE_USER!,
          settings.DATABASE_SECRET_MAX_AGE_SECONDS,
        )
      : undefined;
  const usesIamAuth = settings.DATABASE_IAM_AUTH === "true" && !settings.DATABASE_URL && !settings.ACCELERATE_URL;
  const database = openReadClient(settings, {
    password: usesIamAuth ? iamAuthToken(settings) : secret && (() => secret.current()),
    // Prisma's text is the line's message: Powertools reserves the `message` key and would drop it as an extra field.
    onLog: (level, message) => logger[level](message, { source: "prisma" }),
  });
  return {
    database,
    dependencies: {
      db: database,
      clock: () => new Date(),
      refreshCredentials: secret && (() => secret.refresh()),
      observe: recordOutcome,
    },
  };
}
