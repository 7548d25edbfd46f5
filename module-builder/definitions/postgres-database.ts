import { DEFAULT_MONITORING_INTERVAL_SECONDS, PostgresDatabase } from "../../constructs/postgres-database";
import type { ModuleDefinition } from "../module-definition";

const IDENTIFIER = "^[a-z][a-z0-9-]{0,62}$";
const POSTGRES_NAME = "^[a-z][a-z0-9_]{0,62}$";

export const postgresDatabaseModule: ModuleDefinition = {
  name: "postgres-database",
  construct: "PostgresDatabase",
  summary: `
PostgreSQL on RDS as the read path runs it: storage, Performance Insights and the master secret
encrypted with the instance's own KMS key; never publicly accessible; TLS forced (\`rds.force_ssl\`);
\`pg_stat_statements\` loaded (at the next reboot, never by surprise) and slow statements logged;
enhanced monitoring and log exports on; IAM database authentication on; the master password created,
kept and rotated by RDS in Secrets Manager; \`prevent_destroy\` and a final snapshot.

Clients reach it through one security group, \`postgres_database_client_security_group_id\`: the
database admits that group on 5432 and nothing else, and the group may reach the database and
nothing else. Attach it to what must connect (a Lambda function's \`vpc_config\`).

To adopt an instance that exists already, call the module with its identifier and settings, and
add an \`import\` block in your root module (import blocks are not allowed inside a module):

\`\`\`hcl
import {
  to = module.database.aws_db_instance.this
  id = "orders-db"
}
\`\`\``,
  usage: `
module "database" {
  source = "../../postgres-database"

  identifier    = "orders-db"
  database_name = "orders"
  vpc_id        = "vpc-0123456789abcdef0"
  subnet_ids    = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
}`,

  define(stack) {
    const input = {
      identifier: stack.input("identifier", {
        type: "string",
        description: "The RDS instance identifier; also names its key, groups, roles and final snapshot.",
        validation: [{ condition: `can(regex("${IDENTIFIER}", var.identifier))`, errorMessage: "identifier must be 1-63 lower-case letters, digits or hyphens, starting with a letter." }],
      }),
      instanceClass: stack.input("instance_class", {
        type: "string",
        description: "The instance class.",
        default: "db.t4g.medium",
        validation: [{ condition: 'can(regex("^db\\\\.[a-z0-9]+\\\\.[a-z0-9]+$", var.instance_class))', errorMessage: "instance_class must look like db.t4g.medium." }],
      }),
      allocatedStorageGb: stack.input("allocated_storage_gb", {
        type: "number",
        description: "Storage in GB (gp3).",
        default: 20,
        validation: [{ condition: "var.allocated_storage_gb >= 20 && var.allocated_storage_gb <= 65536", errorMessage: "allocated_storage_gb must be 20-65536." }],
      }),
      engineVersion: stack.input("engine_version", {
        type: "string",
        description: "A major version (17) or major.minor (17.2); minor upgrades are applied in the maintenance window.",
        default: "17",
        validation: [{ condition: 'can(regex("^[0-9]+(\\\\.[0-9]+)?$", var.engine_version))', errorMessage: "engine_version must look like 17 or 17.2." }],
      }),
      multiAz: stack.input("multi_az", { type: "bool", description: "A standby in another availability zone; turn off only where an outage is acceptable.", default: true }),
      databaseName: stack.input("database_name", {
        type: "string",
        description: "The database created in the instance.",
        validation: [{ condition: `can(regex("${POSTGRES_NAME}", var.database_name))`, errorMessage: "database_name must be a lower-case PostgreSQL identifier." }],
      }),
      masterUsername: stack.input("master_username", {
        type: "string",
        description: "The master user's name; RDS creates its password, keeps it in Secrets Manager and rotates it.",
        default: "postgres_admin",
        validation: [{ condition: `can(regex("${POSTGRES_NAME}", var.master_username))`, errorMessage: "master_username must be a lower-case PostgreSQL identifier." }],
      }),
      vpcId: stack.input("vpc_id", { type: "string", description: "The VPC of the subnets; the database's and its clients' security groups are created in it." }),
      subnetIds: stack.input("subnet_ids", {
        type: "list(string)",
        description: "Private subnets in at least two availability zones.",
        validation: [{ condition: "length(var.subnet_ids) >= 2", errorMessage: "subnet_ids must name at least two subnets (RDS needs two availability zones)." }],
      }),
      backupRetentionDays: stack.input("backup_retention_days", {
        type: "number",
        description: "Days of automated backups: the point-in-time recovery window.",
        default: 7,
        validation: [{ condition: "var.backup_retention_days >= 1 && var.backup_retention_days <= 35", errorMessage: "backup_retention_days must be 1-35." }],
      }),
      deletionProtection: stack.input("deletion_protection", {
        type: "bool",
        description: "Refuses deletion of the instance while on; turn off only where the data may be lost.",
        default: true,
      }),
      performanceInsightsRetentionDays: stack.input("performance_insights_retention_days", {
        type: "number",
        description: "Days Performance Insights keeps its data: 7 (free), a multiple of 31 up to 713, or 731.",
        default: 7,
        validation: [
          {
            condition: "contains([7, 731], var.performance_insights_retention_days) || (var.performance_insights_retention_days % 31 == 0 && var.performance_insights_retention_days >= 31 && var.performance_insights_retention_days <= 713)",
            errorMessage: "performance_insights_retention_days must be 7, a multiple of 31 up to 713, or 731.",
          },
        ],
      }),
      logMinDurationStatementMs: stack.input("log_min_duration_statement_ms", {
        type: "number",
        description: "Statements slower than this are logged, in milliseconds (-1: none).",
        default: 500,
        validation: [{ condition: "var.log_min_duration_statement_ms >= -1", errorMessage: "log_min_duration_statement_ms must be -1 or more." }],
      }),
      secretRotationDays: stack.input("secret_rotation_days", {
        type: "number",
        description: "How often Secrets Manager rotates the master password, in days.",
        default: 30,
        validation: [{ condition: "var.secret_rotation_days >= 1 && var.secret_rotation_days <= 365", errorMessage: "secret_rotation_days must be 1-365." }],
      }),
      monitoringIntervalSeconds: stack.input("monitoring_interval_seconds", {
        type: "number",
        description: "Seconds between enhanced-monitoring samples.",
        default: DEFAULT_MONITORING_INTERVAL_SECONDS,
        validation: [{ condition: "contains([1, 5, 10, 15, 30, 60], var.monitoring_interval_seconds)", errorMessage: "monitoring_interval_seconds must be 1, 5, 10, 15, 30 or 60." }],
      }),
    };

    const database = new PostgresDatabase(stack, "this", {
      name: "this",
      instanceIdentifier: input.identifier.stringValue,
      // Always created: adopting is the caller's import block (see the README), which a module may not hold.
      instanceClass: input.instanceClass.stringValue,
      allocatedStorageGb: input.allocatedStorageGb.numberValue,
      engineVersion: input.engineVersion.stringValue,
      multiAz: input.multiAz.booleanValue as unknown as boolean,
      databaseName: input.databaseName.stringValue,
      masterUsername: input.masterUsername.stringValue,
      vpcId: input.vpcId.stringValue,
      subnetIds: input.subnetIds.listValue,
      backupRetentionDays: input.backupRetentionDays.numberValue,
      deletionProtection: input.deletionProtection.booleanValue as unknown as boolean,
      performanceInsightsRetentionDays: input.performanceInsightsRetentionDays.numberValue,
      logMinDurationStatementMs: input.logMinDurationStatementMs.numberValue,
      secretRotationDays: input.secretRotationDays.numberValue,
      monitoringIntervalSeconds: input.monitoringIntervalSeconds.numberValue,
      accountId: stack.accountId,
      partition: stack.partition,
    });

    const { instance } = database;
    // A created instance has its own key, groups and managed secret: the construct makes them all.
    const [key, clientSecurityGroup, databaseSecurityGroup, masterSecretArn] = [database.key!, database.clientSecurityGroup!, database.databaseSecurityGroup!, database.masterSecretArn!];
    stack.output("postgres_database_address", { value: instance.address, description: "The instance's host name (private)." });
    stack.output("postgres_database_port", { value: instance.port, description: "The port PostgreSQL listens on." });
    stack.output("postgres_database_identifier", { value: instance.identifier, description: "The RDS instance identifier." });
    stack.output("postgres_database_resource_id", {
      value: instance.resourceId,
      description: "The instance's resource id, for rds-db:connect grants (arn:aws:rds-db:<region>:<account>:dbuser:<resource id>/<user>).",
    });
    stack.output("postgres_database_master_secret_arn", {
      value: masterSecretArn,
      description: "The Secrets Manager secret with the master credentials, rotated by RDS; for administrators and migrations only.",
    });
    stack.output("postgres_database_client_security_group_id", {
      value: clientSecurityGroup.id,
      description: "Attach it to whatever must reach the database: the only group the database admits on 5432.",
    });
    stack.output("postgres_database_security_group_id", { value: databaseSecurityGroup.id, description: "The database's own security group." });
    stack.output("postgres_database_kms_key_arn", {
      value: key.arn,
      description: "The KMS key that encrypts storage, Performance Insights and the master secret; readers of the secret need kms:Decrypt on it.",
    });
  },
};
