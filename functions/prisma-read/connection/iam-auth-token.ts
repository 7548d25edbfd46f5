import type { DatabaseSettings } from "./settings";

/**
 * The password for a new connection when the role logs in with RDS IAM authentication: a token
 * signed (SigV4, locally, no network call) with the function's own credentials, valid 15 minutes.
 * pg asks for a password at each new connection, so every connection gets a fresh token and
 * nothing is cached or rotated. RDS allows IAM logins only over TLS, which the settings require.
 *
 * The signer (and the AWS SDK behind it) is loaded here, when this login method is chosen, not by
 * the module's import: a function that logs in otherwise never loads it. Loading starts at once,
 * so in Lambda it happens during init; `ready` settles when the signer can sign.
 */
export function iamAuthToken(settings: DatabaseSettings): { readonly password: () => Promise<string>; readonly ready: Promise<void> } {
  const signer = import("@aws-sdk/rds-signer").then(
    ({ Signer }) =>
      new Signer({
        hostname: settings.DATABASE_HOST!,
        port: settings.DATABASE_PORT,
        username: settings.DATABASE_USER!,
        region: settings.AWS_REGION!,
      }),
  );
  return { password: async () => (await signer).getAuthToken(), ready: signer.then(() => undefined) };
}
