import * as z from "zod/mini";
import { matching, nonEmpty, parseSettings, wholeNumber } from "../../shared/settings";

/**
 * prisma-read's settings, from its environment (set by the stack; nothing secret among them: the
 * function logs in with an IAM token it signs itself, or a password read from Secrets Manager at
 * run time).
 */
export type DatabaseSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_POOL_MAX = 2;
export const DEFAULT_CONNECT_TIMEOUT_MS = 2000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 3000;
export const DEFAULT_SECRET_MAX_AGE_SECONDS = 300;

const settingsSchema = z
  .object({
    /** A full connection string, password included: local runs and tests. Excludes the secret. */
    DATABASE_URL: matching(/^postgres(ql)?:\/\//, "must start with postgresql://"),
    /**
     * "true": log in as DATABASE_USER with an RDS IAM authentication token, signed with the
     * function's own credentials (the deployed setting: no password exists for that role).
     */
    DATABASE_IAM_AUTH: z.optional(z.enum(["true", "false"], "must be true or false")),
    /** Set by Lambda: the region an IAM token is signed for. */
    AWS_REGION: nonEmpty(),
    /** The Secrets Manager secret holding `{ "username", "password" }` (RDS's managed master secret). */
    DATABASE_SECRET_ARN: matching(/^arn:aws[a-z-]*:secretsmanager:/, "must be a Secrets Manager secret ARN"),
    DATABASE_HOST: nonEmpty(),
    DATABASE_PORT: wholeNumber(1, 65_535, 5432),
    DATABASE_NAME: nonEmpty(),
    DATABASE_USER: nonEmpty(),
    /** RDS enforces TLS (rds.force_ssl); certificates are checked against NODE_EXTRA_CA_CERTS. */
    DATABASE_TLS: z._default(z.enum(["verify-full", "disable"]), "verify-full"),
    /** A Lambda serves one request at a time: two connections cover a transaction and a health check. */
    DATABASE_POOL_MAX: wholeNumber(1, 2, DEFAULT_POOL_MAX),
    DATABASE_CONNECT_TIMEOUT_MS: wholeNumber(100, 30_000, DEFAULT_CONNECT_TIMEOUT_MS),
    DATABASE_STATEMENT_TIMEOUT_MS: wholeNumber(100, 30_000, DEFAULT_STATEMENT_TIMEOUT_MS),
    DATABASE_SECRET_MAX_AGE_SECONDS: wholeNumber(0, 86_400, DEFAULT_SECRET_MAX_AGE_SECONDS),
    /**
     * Set by Lambda: the connections' application_name, so pg_stat_activity and Performance Insights
     * tell this environment's function from other clients.
     */
    AWS_LAMBDA_FUNCTION_NAME: nonEmpty(),
    /** Prisma Accelerate's connection string (prisma://…); when set, queries go through Accelerate. */
    ACCELERATE_URL: matching(/^prisma(\+postgres)?:\/\//, "must start with prisma:// or prisma+postgres://"),
    /** Prisma's own log levels, comma-separated: only errors in production. */
    PRISMA_LOG_LEVELS: z.pipe(
      z.pipe(
        z._default(z.string(), "error"),
        z.transform((value: string) => value.split(",").map((level) => level.trim()).filter(Boolean)),
      ),
      z.array(z.enum(["error", "warn", "info"], "must list only error, warn and info")),
    ),
  })
  .check(
    z.superRefine((settings, context) => {
      if (settings.ACCELERATE_URL || settings.DATABASE_URL) return;
      const iam = settings.DATABASE_IAM_AUTH === "true";
      if (!iam && !settings.DATABASE_SECRET_ARN) {
        context.addIssue({
          code: "custom",
          path: ["DATABASE_URL"],
          message: "set DATABASE_URL, or DATABASE_IAM_AUTH=true or DATABASE_SECRET_ARN with DATABASE_HOST, DATABASE_NAME and DATABASE_USER, or ACCELERATE_URL",
        });
        return;
      }
      if (iam && settings.DATABASE_SECRET_ARN) {
        context.addIssue({ code: "custom", path: ["DATABASE_SECRET_ARN"], message: "cannot be set with DATABASE_IAM_AUTH=true: choose one way to log in" });
      }
      const needed = iam ? (["DATABASE_HOST", "DATABASE_NAME", "DATABASE_USER", "AWS_REGION"] as const) : (["DATABASE_HOST", "DATABASE_NAME", "DATABASE_USER"] as const);
      for (const name of needed) {
        if (!settings[name]) context.addIssue({ code: "custom", path: [name], message: `is required with ${iam ? "DATABASE_IAM_AUTH=true" : "DATABASE_SECRET_ARN"}` });
      }
    }),
  );

export function readDatabaseSettings(environment: Readonly<Record<string, string | undefined>>): DatabaseSettings {
  return parseSettings("prisma-read", settingsSchema, environment);
}
