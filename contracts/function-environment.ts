/**
 * The environment-variable contract of each function: the names the stack sets
 * (stacks/read-path-functions.ts, stacks/read-path-delivery.ts) and the function's settings read
 * (functions/<name>/settings.ts, where each name's bounds and defaults are). Both sides name a
 * variable by its property here (`[CONTROL_VARIABLES.candidateBudgetMs]: "5000"`), so a name is
 * written once and a misspelt one is a type error. Plain data: a function's bundle imports it without loading anything else.
 */

/** Read by Powertools (Logger, Metrics, Tracer) in both read functions. */
export const POWERTOOLS_VARIABLES = {
  /** The `service` of every log line, metric and trace: the function's name. */
  serviceName: "POWERTOOLS_SERVICE_NAME",
  /** Where Metrics publishes (contracts/read-path-metrics.ts). */
  metricsNamespace: "POWERTOOLS_METRICS_NAMESPACE",
} as const;

/** Set by Lambda itself, or by the stack for Node's runtime. */
export const RUNTIME_VARIABLES = {
  /** Set by Lambda: the function's region. */
  region: "AWS_REGION",
  /** Set by Lambda: the function's name. */
  functionName: "AWS_LAMBDA_FUNCTION_NAME",
  /** Node's extra certificate authorities (the runtime's bundle holds RDS's). */
  extraCaCerts: "NODE_EXTRA_CA_CERTS",
} as const;

/** huntaze-mock-read, the control. */
export const CONTROL_VARIABLES = {
  flagApplicationId: "FLAG_APPLICATION_ID",
  flagEnvironmentId: "FLAG_ENVIRONMENT_ID",
  flagProfileId: "FLAG_PROFILE_ID",
  flagPollIntervalSeconds: "FLAG_POLL_INTERVAL_SECONDS",
  flagRetrySeconds: "FLAG_RETRY_SECONDS",
  flagCallTimeoutMs: "FLAG_CALL_TIMEOUT_MS",
  /** The candidate's `live` alias ARN. */
  candidateFunctionArn: "CANDIDATE_FUNCTION_ARN",
  candidateBudgetMs: "CANDIDATE_BUDGET_MS",
} as const;

/** huntaze-prisma-read, the candidate. */
export const CANDIDATE_VARIABLES = {
  databaseUrl: "DATABASE_URL",
  databaseIamAuth: "DATABASE_IAM_AUTH",
  databaseSecretArn: "DATABASE_SECRET_ARN",
  databaseHost: "DATABASE_HOST",
  databasePort: "DATABASE_PORT",
  databaseName: "DATABASE_NAME",
  databaseUser: "DATABASE_USER",
  databaseTls: "DATABASE_TLS",
  databasePoolMax: "DATABASE_POOL_MAX",
  databaseConnectTimeoutMs: "DATABASE_CONNECT_TIMEOUT_MS",
  databaseStatementTimeoutMs: "DATABASE_STATEMENT_TIMEOUT_MS",
  databaseSecretMaxAgeSeconds: "DATABASE_SECRET_MAX_AGE_SECONDS",
  accelerateUrl: "ACCELERATE_URL",
  prismaLogLevels: "PRISMA_LOG_LEVELS",
} as const;

/** huntaze-canary-health-hook, CodeDeploy's check and bake of each new version. */
export const HEALTH_HOOK_VARIABLES = {
  bakeSeconds: "CANARY_BAKE_SECONDS",
  bakePollSeconds: "CANARY_BAKE_POLL_SECONDS",
} as const;
