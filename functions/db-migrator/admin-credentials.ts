import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** The fields of an RDS-managed master secret the migrator logs in with. */
export interface AdminCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The admin credentials, read afresh at every run: a migration runs once in a while, and RDS may
 * have rotated the password since the last one.
 */
export async function readAdminCredentials(secretsManager: SecretsManagerClient, secretArn: string): Promise<AdminCredentials> {
  const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretArn }));
  let parsed: Partial<AdminCredentials> = {};
  try {
    parsed = JSON.parse(SecretString ?? "{}") as Partial<AdminCredentials>;
  } catch {
    throw new Error(`secret ${secretArn} is not JSON: expected { "username", "password" }`);
  }
  const { username, password } = parsed;
  if (typeof username !== "string" || username.length === 0 || typeof password !== "string" || password.length === 0) {
    throw new Error(`secret ${secretArn} lacks a "username" or "password" field`);
  }
  return { username, password };
}
