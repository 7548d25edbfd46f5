import * as z from "zod/mini";
import { CANDIDATE_VARIABLES, RUNTIME_VARIABLES } from "../../../contracts/function-environment";
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
    [CANDIDATE_VARIABLES.databaseUrl]: matching(/^postgres(ql)?:\/\//, "must start with postgresql://"),
    /**
     * "true": log in as DATABASE_USER with an RDS IAM authentication token, signed with the
     * function's own credentials (the deployed setting: no password exists for that role).
     */
    [CANDIDATE_VARIABLES.databaseIamAuth]: z.optional(z.enum(["true", "false"], "must be true or false")),
    /** Set by Lambda: the region an IAM token is signed for. */
    [RUNTIME_VARIABLES.region]: nonEmpty(),
    /** The Secrets Manager secret holding `{ "username", "password" }` (RDS's managed master secret). */
    [CANDIDATE_VARIABLES.databaseSecretArn]: matching(/^arn:aws[a-z-]*:secretsmanager:/, "must be a Secrets Manager secret ARN"),
    [CANDIDATE_VARIABLES.databaseHost]: nonEmpty(),
    [CANDIDATE_VARIABLES.databasePort]: wholeNumber(1, 65_535, 5432),
    [CANDIDATE_VARIABLES.databaseName]: nonEmpty(),
    [CANDIDATE_VARIABLES.databaseUser]: nonEmpty(),
    /** RDS enforces TLS (rds.force_ssl); certificates are checked against NODE_EXTRA_CA_CERTS. */
    [CANDIDATE_VARIABLES.databaseTls]: z._default(z.enum(["verify-full", "disable"]), "verify-full"),
    /** A Lambda serves one request at a time: two connections cover a transaction and a health check. */
    [CANDIDATE_VARIABLES.databasePoolMax]: wholeNumber(1, 2, DEFAULT_POOL_MAX),
    [CANDIDATE_VARIABLES.databaseConnectTimeoutMs]: wholeNumber(100, 30_000, DEFAULT_CONNECT_TIMEOUT_MS),
    [CANDIDATE_VARIABLES.databaseStatementTimeoutMs]: wholeNumber(100, 30_000, DEFAULT_STATEMENT_TIMEOUT_MS),
    [CANDIDATE_VARIABLES.databaseSecretMaxAgeSeconds]: wholeNumber(0, 86_400, DEFAULT_SECRET_MAX_AGE_SECONDS),
    /**
     * Set by Lambda: the connections' application_name, so pg_stat_activity and Performance Insights
     * tell this environment's function from other clients.
     */
    [RUNTIME_VARIABLES.functionName]: nonEmpty(),
    /** Prisma Accelerate's connection string (prisma://…); when set, queries go through Accelerate. */
    [CANDIDATE_VARIABLES.accelerateUrl]: matching(/^prisma(\+postgres)?:\/\//, "must start with prisma:// or prisma+postgres://"),
    /** Prisma's own log levels, comma-separated: only errors in production. */
    [CANDIDATE_VARIABLES.prismaLogLevels]: z.pipe(
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
          path: [CANDIDATE_VARIABLES.databaseUrl],
          message: `set ${CANDIDATE_VARIABLES.databaseUrl}, or ${CANDIDATE_VARIABLES.databaseIamAuth}=true or ${CANDIDATE_VARIABLES.databaseSecretArn} with ${CANDIDATE_VARIABLES.databaseHost}, ${CANDIDATE_VARIABLES.databaseName} and ${CANDIDATE_VARIABLES.databaseUser}, or ${CANDIDATE_VARIABLES.accelerateUrl}`,
        });
        return;
      }
      if (iam && settings.DATABASE_SECRET_ARN) {
        context.addIssue({ code: "custom", path: [CANDIDATE_VARIABLES.databaseSecretArn], message: `cannot be set with ${CANDIDATE_VARIABLES.databaseIamAuth}=true: choose one way to log in` });
      }
      const needed = iam ? ([CANDIDATE_VARIABLES.databaseHost, CANDIDATE_VARIABLES.databaseName, CANDIDATE_VARIABLES.databaseUser, RUNTIME_VARIABLES.region] as const) : ([CANDIDATE_VARIABLES.databaseHost, CANDIDATE_VARIABLES.databaseName, CANDIDATE_VARIABLES.databaseUser] as const);
      for (const name of needed) {
        if (!settings[name]) context.addIssue({ code: "custom", path: [name], message: `is required with ${iam ? `${CANDIDATE_VARIABLES.databaseIamAuth}=true` : CANDIDATE_VARIABLES.databaseSecretArn}` });
      }
    }),
  );

export function readDatabaseSettings(environment: Readonly<Record<string, string | undefined>>): DatabaseSettings {
  return parseSettings("prisma-read", settingsSchema, environment);
}
