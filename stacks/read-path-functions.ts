import { candidateBudgetMs } from "../config/capacity";
import { CANDIDATE_VARIABLES, CONTROL_VARIABLES, POWERTOOLS_VARIABLES, RUNTIME_VARIABLES } from "../contracts/function-environment";
import { READ_PATH_METRICS_NAMESPACE } from "../contracts/read-path-metrics";
import { READ_ONLY_ROLE } from "../database/roles";
import { CanaryFunction } from "../constructs/canary-function";
import type { DatabaseMigrator } from "../constructs/database-migrator";
import { POSTGRES_PORT, type PostgresDatabase } from "../constructs/postgres-database";
import type { ReadPathFlag } from "../constructs/read-path-flag";
import type { ReadPathContext } from "./read-path-context";
import type { FunctionDelivery } from "./read-path-delivery";

/** The candidate read path: reads PostgreSQL through Prisma, after the migrator has run. */
export function candidateFunction(ctx: ReadPathContext, delivery: FunctionDelivery, database: PostgresDatabase, migrator: DatabaseMigrator | undefined): CanaryFunction {
  const { environment, location, names } = ctx;
  const config = environment.database;
  return new CanaryFunction(ctx.stack, "prisma-read", {
    name: "prisma-read",
    functionName: names.prismaRead,
    description: "Huntaze read API, candidate path: reads PostgreSQL through Prisma",
    code: ctx.artifacts.functions["prisma-read"],
    ...environment.functions.prismaRead,
    ...delivery,
    // Its only asynchronous invocations are the shadow phase's samples: a retry would serve and
    // count the same sample twice, and one that waited minutes in Lambda's queue says nothing about
    // the candidate now. One that crashes still reaches the dead-letter queue and its alarm.
    maximumRetryAttempts: 0,
    maximumEventAgeInSeconds: 300,
    migrationFunctionArn: migrator?.fn.qualifiedArn,
    vpc: {
      subnetIds: config.subnetIds,
      securityGroupIds: database.clientSecurityGroupIds,
      partition: location.partition,
      region: location.region,
      accountId: location.accountId,
    },
    // Where the database is and whom to log in as. No password exists: the function signs an IAM
    // token for each connection with its own role, which may connect as this database role only.
    environmentVariables: {
      [CANDIDATE_VARIABLES.databaseIamAuth]: "true",
      [CANDIDATE_VARIABLES.databaseHost]: database.instance.address,
      [CANDIDATE_VARIABLES.databasePort]: String(POSTGRES_PORT),
      [CANDIDATE_VARIABLES.databaseName]: config.databaseName,
      [CANDIDATE_VARIABLES.databaseUser]: READ_ONLY_ROLE,
      [CANDIDATE_VARIABLES.databaseTls]: "verify-full",
      // The pool config validation counted against the database's connection limit.
      [CANDIDATE_VARIABLES.databasePoolMax]: String(config.poolSize),
      // The runtime's CA bundle, which holds the RDS certificate authorities.
      [RUNTIME_VARIABLES.extraCaCerts]: "/var/runtime/ca-cert.pem",
      [CANDIDATE_VARIABLES.prismaLogLevels]: environment.tier === "production" ? "error" : "error,warn",
      [POWERTOOLS_VARIABLES.serviceName]: names.prismaRead,
      [POWERTOOLS_VARIABLES.metricsNamespace]: READ_PATH_METRICS_NAMESPACE,
    },
    permissions: [{ sid: "ConnectAsReadOnlyRole", actions: ["rds-db:connect"], resources: [database.connectArn(READ_ONLY_ROLE, location)] }],
  });
}

/** The control read path, the API's entry point: serves mock data or hands reads to the candidate, as the flag says. */
export function controlFunction(ctx: ReadPathContext, delivery: FunctionDelivery, flag: ReadPathFlag, candidate: CanaryFunction): CanaryFunction {
  const { environment, location, names } = ctx;
  return new CanaryFunction(ctx.stack, "mock-read", {
    name: "mock-read",
    functionName: names.mockRead,
    description: "Huntaze read API, control path: serves mock data or hands reads to the Prisma candidate",
    code: ctx.artifacts.functions["mock-read"],
    ...environment.functions.mockRead,
    ...delivery,
    // Where the flag is and whom to hand reads to; a second is kept for serving a fallback.
    environmentVariables: {
      [CONTROL_VARIABLES.flagApplicationId]: flag.application.id,
      [CONTROL_VARIABLES.flagEnvironmentId]: flag.environment.environmentId,
      [CONTROL_VARIABLES.flagProfileId]: flag.profile.configurationProfileId,
      [CONTROL_VARIABLES.candidateFunctionArn]: candidate.alias.arn,
      // The candidate's own budget (its latency target and timeout), which config validation has
      // checked the control's reserved concurrency can carry at the environment's peak.
      [CONTROL_VARIABLES.candidateBudgetMs]: String(candidateBudgetMs(environment)),
      [POWERTOOLS_VARIABLES.serviceName]: names.mockRead,
      [POWERTOOLS_VARIABLES.metricsNamespace]: READ_PATH_METRICS_NAMESPACE,
    },
    permissions: [
      {
        sid: "ReadReadPathFlag",
        actions: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
        resources: [flag.profileArn(location.partition, location.region, location.accountId)],
      },
      { sid: "InvokeCandidate", actions: ["lambda:InvokeFunction"], resources: [candidate.alias.arn] },
    ],
  });
}
