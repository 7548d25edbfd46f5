import type { EnvironmentConfig } from "../config/schema";
import { DatabaseMigrator } from "../constructs/database-migrator";
import { POSTGRES_PORT, PostgresDatabase, type PostgresAdoption } from "../constructs/postgres-database";
import type { ReadPathContext } from "./read-path-context";

/** What an adopted instance is and may have changed; none for an instance the stack creates. */
export function databaseAdoption({ database }: EnvironmentConfig): PostgresAdoption | undefined {
  return database.instance.source === "adopt" ? { existing: database.instance.existing, disruptiveChanges: database.instance.disruptiveChanges } : undefined;
}

/** The read path's PostgreSQL, created or adopted. */
export function postgresDatabase({ stack, environment, location }: ReadPathContext): PostgresDatabase {
  const { database } = environment;
  return new PostgresDatabase(stack, "database", {
    name: "database",
    instanceIdentifier: database.instance.source === "adopt" ? database.instance.instanceIdentifier : `${environment.namePrefix}-read-path`,
    adopt: databaseAdoption(environment),
    instanceClass: database.instance.instanceClass,
    allocatedStorageGb: database.instance.allocatedStorageGb,
    maxAllocatedStorageGb: database.instance.maxAllocatedStorageGb,
    engineVersion: database.instance.engineVersion,
    multiAz: database.instance.multiAz,
    databaseName: database.databaseName,
    masterUsername: database.masterUsername,
    vpcId: database.vpcId,
    subnetIds: database.subnetIds,
    backupRetentionDays: database.backupRetentionDays,
    deletionProtection: database.deletionProtection,
    performanceInsightsRetentionDays: database.performanceInsightsRetentionDays,
    logMinDurationStatementMs: database.logMinDurationStatementMs,
    secretRotationDays: database.secretRotationDays,
    accountId: environment.accountId,
    partition: location.partition,
  });
}

/**
 * The migrations, applied from inside the VPC with RDS's managed master secret, by the candidate's
 * deploy step before its canary (and on the first apply, before the first read). An adopted
 * instance whose password RDS does not manage has no such secret: its migrations stay a person's
 * job (docs/deployment.md, "Migrations").
 */
export function databaseMigrator(ctx: ReadPathContext, database: PostgresDatabase, logKmsKeyArn: string | undefined): DatabaseMigrator | undefined {
  const { stack, environment, location, names } = ctx;
  const adminSecretArn = database.masterSecretArn;
  if (!adminSecretArn) return undefined;
  return new DatabaseMigrator(stack, "db-migrator", {
    name: "db-migrator",
    functionName: names.migrator,
    code: ctx.artifacts.functions["db-migrator"],
    adminSecretArn,
    adminSecretKmsKeyArn: database.instance.masterUserSecret.get(0).kmsKeyId,
    databaseHost: database.instance.address,
    databasePort: POSTGRES_PORT,
    databaseName: environment.database.databaseName,
    vpcId: environment.database.vpcId,
    subnetIds: environment.database.subnetIds,
    databaseClientSecurityGroupIds: database.clientSecurityGroupIds,
    secretsManagerEndpoint: environment.database.existingSecretsManagerEndpoint ?? "create",
    partition: location.partition,
    region: location.region,
    accountId: location.accountId,
    logRetentionInDays: environment.logRetentionInDays,
    logKmsKeyArn,
  });
}
