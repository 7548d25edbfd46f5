import type { PostgresDatabaseProps } from "../../constructs/postgres-database";

/** A PostgresDatabase every rule accepts: construct tests change one prop of it at a time. */
export const VALID_POSTGRES_DATABASE_PROPS: PostgresDatabaseProps = {
  name: "database",
  instanceIdentifier: "huntaze-read-path",
  instanceClass: "db.t4g.medium",
  allocatedStorageGb: 20,
  engineVersion: "17",
  multiAz: true,
  databaseName: "huntaze",
  masterUsername: "huntaze_admin",
  vpcId: "vpc-0123456789abcdef0",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
  backupRetentionDays: 7,
  deletionProtection: true,
  performanceInsightsRetentionDays: 7,
  logMinDurationStatementMs: 500,
  secretRotationDays: 30,
  accountId: "123456789012",
  partition: "aws",
};
