import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * Powertools' cached secrets provider on a Secrets Manager client whose calls are traced. The
 * client and the provider (most of the AWS SDK in the bundle) are loaded when a function logs in
 * with a secret, by this call, not by the module's import: a function that logs in with an IAM
 * token, a connection string or Accelerate never loads them.
 */
export async function loadSecretsProvider(
  tracer: Tracer,
  /** @default - a client configured by the Lambda environment (region, credentials) */
  client?: SecretsManagerClient,
): Promise<SecretsProvider> {
  const [{ SecretsManagerClient }, { SecretsProvider }] = await Promise.all([
    import("@aws-sdk/client-secrets-manager"),
    import("@aws-lambda-powertools/parameters/secrets"),
  ]);
  return new SecretsProvider({ awsSdkV3Client: tracer.captureAWSv3Client(client ?? new SecretsManagerClient({})) });
}
