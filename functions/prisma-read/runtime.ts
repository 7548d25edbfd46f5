import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { ReadApiDependencies } from "./api/read-api";
import { iamAuthToken } from "./connection/iam-auth-token";
import { openReadClient, type OpenReadClient } from "./connection/read-client-factory";
import { SecretPassword } from "./connection/secret-password";
import { loadSecretsProvider } from "./connection/secrets-provider";
import { readDatabaseSettings } from "./connection/settings";
import { logger, recordOutcome, tracer } from "./observability";

export interface ReadRuntime {
  readonly dependencies: ReadApiDependencies;
  readonly database: OpenReadClient;
  /**
   * Settles once Prisma's query compiler is loaded and what the chosen login method needs (the RDS
   * signer, or the Secrets Manager client): nothing connects. Rejects if that code cannot load.
   * Requests need not wait for it; the handler awaits it at init, where Lambda runs it.
   */
  readonly ready: Promise<void>;
}

/**
 * Everything a container reuses across invocations, built from its environment: the settings,
 * the way it logs in (IAM tokens, or a cached secret), the Prisma client and its pool. Nothing
 * connects here; the first request does. Only the AWS SDK client of the login method chosen is
 * loaded: it is most of the bundle's size and a tenth of its import time (README, Performance).
 */
export function createReadRuntime(
  environment: Readonly<Record<string, string | undefined>>,
  /** @default - a client configured by the Lambda environment (region, credentials), when a secret is used */
  secretsManager?: SecretsManagerClient,
): ReadRuntime {
  const settings = readDatabaseSettings(environment);
  const provider =
    settings.DATABASE_SECRET_ARN && !settings.DATABASE_URL && !settings.ACCELERATE_URL ? loadSecretsProvider(tracer, secretsManager) : undefined;
  const secret =
    provider &&
    new SecretPassword(provider, settings.DATABASE_SECRET_ARN!, settings.DATABASE_USER!, settings.DATABASE_SECRET_MAX_AGE_SECONDS);
  const usesIamAuth = settings.DATABASE_IAM_AUTH === "true" && !settings.DATABASE_URL && !settings.ACCELERATE_URL;
  const iam = usesIamAuth ? iamAuthToken(settings) : undefined;
  const database = openReadClient(settings, {
    password: iam ? iam.password : secret && (() => secret.current()),
    // Prisma's text is the line's message: Powertools reserves the `message` key and would drop it as an extra field.
    onLog: (level, message) => logger[level](message, { source: "prisma" }),
  });
  const ready = Promise.all([database.ready, iam?.ready, provider]).then(() => undefined);
  // Handled here too: a runtime whose caller never awaits `ready` (tests, the local server) reports
  // a failed load on its first connection instead of as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    database,
    ready,
    dependencies: {
      db: database,
      clock: () => new Date(),
      refreshCredentials: secret && (() => secret.refresh()),
      observe: recordOutcome,
    },
  };
}
