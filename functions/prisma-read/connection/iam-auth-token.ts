import { Signer } from "@aws-sdk/rds-signer";
import type { DatabaseSettings } from "./settings";

/**
 * The password for a new connection when the role logs in with RDS IAM authentication: a token
 * signed (SigV4, locally, no network call) with the function's own credentials, valid 15 minutes.
 * pg asks for a password at each new connection, so every connection gets a fresh token and
 * nothing is cached or rotated. RDS allows IAM logins only over TLS, which the settings require.
 */
export function iamAuthToken(settings: DatabaseSettings): () => Promise<string> {
  const signer = new Signer({
    hostname: settings.DATABASE_HOST!,
    port: settings.DATABASE_PORT,
    username: settings.DATABASE_USER!,
    region: settings.AWS_REGION!,
  });
  return () => signer.getAuthToken();
}
