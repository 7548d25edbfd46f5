import type { NumberRule } from "./number-rule";
import type { ListRule, TextRule } from "./text-rule";

/** A PostgreSQL identifier as RDS takes it for a database or user: lower case, starting with a letter. */
const POSTGRES_NAME: TextRule = { pattern: "^[a-z][a-z0-9_]{0,62}$", must: "be a lower-case PostgreSQL identifier" };

/** Performance Insights keeps 7 days free, or whole months (31-day multiples) up to 713 days, or 731. */
const PERFORMANCE_INSIGHTS_RETENTION_DAYS = [7, ...Array.from({ length: 23 }, (_, month) => 31 * (month + 1)), 731];

/**
 * PostgresDatabase's props: their rules and the defaults its module's inputs take, in one place.
 * The construct checks them (postgres-database.ts); the postgres-database module declares them as
 * its inputs (module-builder/definitions/postgres-database.ts); config (config/schema.ts) takes
 * the same rules for the fields it passes on: a rule changed here changes all three.
 */
export const POSTGRES_DATABASE_RULES = {
  /** RDS's rule; it also starts the names of the instance's key, groups, roles and final snapshot. */
  instanceIdentifier: { pattern: "^[a-z][a-z0-9-]{0,62}$", must: "be 1-63 lower-case letters, digits or hyphens, starting with a letter" },
  instanceClass: { pattern: "^db\\.[a-z0-9]+\\.[a-z0-9]+$", must: "look like db.t4g.medium", default: "db.t4g.medium" },
  /** gp3's limits, in GB. */
  allocatedStorageGb: { min: 20, max: 65_536, default: 20 },
  /** A major version, or major.minor: the parameter group's family is its major. */
  engineVersion: { pattern: "^[0-9]+(\\.[0-9]+)?$", must: "look like 17 or 17.2", default: "17" },
  databaseName: POSTGRES_NAME,
  masterUsername: { ...POSTGRES_NAME, default: "postgres_admin" },
  /** RDS places an instance in a subnet group spanning two availability zones at least. */
  subnetIds: { minItems: 2, itemsName: "subnets", why: "(RDS needs two availability zones)" },
  /** RDS's limits; 0 (no backups, no point-in-time recovery) is not offered. */
  backupRetentionDays: { min: 1, max: 35, default: 7 },
  performanceInsightsRetentionDays: {
    oneOf: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
    oneOfName: "one Performance Insights keeps",
    default: 7,
  },
  /** PostgreSQL's log_min_duration_statement, an int: -1 logs none. */
  logMinDurationStatementMs: { min: -1, max: 2_147_483_647, default: 500 },
  /** Secrets Manager's limits for a rotation schedule. */
  secretRotationDays: { min: 1, max: 365, default: 30 },
  /** The module's defaults for the two switches: a standby, and deletion refused (config chooses per environment). */
  multiAz: { default: true },
  deletionProtection: { default: true },
  /** The intervals enhanced monitoring offers (0, which turns it off, is not). */
  monitoringIntervalSeconds: { oneOf: [1, 5, 10, 15, 30, 60], oneOfName: "one enhanced monitoring offers", default: 60 },
} as const satisfies Record<string, NumberRule | TextRule | ListRule | { readonly default: boolean }>;

/**
 * The lowest storage autoscaling ceiling RDS accepts for an instance with this much storage: 10 %
 * above it ("Invalid max storage size" otherwise; RDS User Guide, storage autoscaling).
 */
function minimumStorageCeilingGb(allocatedStorageGb: number): number {
  return Math.ceil((allocatedStorageGb * 11) / 10);
}

/** What is wrong with a storage autoscaling ceiling for this much storage, or nothing: config's and the construct's check alike. */
export function storageCeilingProblem(allocatedStorageGb: number, maxAllocatedStorageGb: number): string | undefined {
  const minimum = minimumStorageCeilingGb(allocatedStorageGb);
  return maxAllocatedStorageGb < minimum ? `must be at least ${minimum} (RDS requires 10 % above allocatedStorageGb, ${allocatedStorageGb})` : undefined;
}
