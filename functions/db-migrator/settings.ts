import * as z from "zod/mini";
import { matching, nonEmpty, parseSettings, wholeNumber } from "../shared/settings";

/**
 * The migrator's settings, from its environment (set by the stack). Nothing secret: it reads the
 * admin credentials from Secrets Manager at each run.
 */
export type MigratorSettings = z.infer<typeof settingsSchema>;

const settingsSchema = z
  .object({
    /** The Secrets Manager secret holding `{ "username", "password" }` of a user that may migrate (RDS's managed master secret). */
    DATABASE_SECRET_ARN: z.string().check(z.regex(/^arn:aws[a-z-]*:secretsmanager:/, "must be a Secrets Manager secret ARN")),
    DATABASE_HOST: z.string().check(z.minLength(1, "must not be empty")),
    DATABASE_PORT: wholeNumber(1, 65_535, 5432),
    DATABASE_NAME: z.string().check(z.minLength(1, "must not be empty")),
    /** RDS enforces TLS (rds.force_ssl); certificates are checked against NODE_EXTRA_CA_CERTS. */
    DATABASE_TLS: z._default(z.enum(["verify-full", "disable"]), "verify-full"),
    /** Set by Lambda: the region of the secret. */
    AWS_REGION: nonEmpty(),
    /** Set by Lambda: where the zip is unpacked, and so the migrations and the engine's wasm. */
    LAMBDA_TASK_ROOT: matching(/^\//, "must be an absolute path"),
  });

export function readMigratorSettings(environment: Readonly<Record<string, string | undefined>>): MigratorSettings {
  return parseSettings("db-migrator", settingsSchema, environment);
}
