import { PostgresDatabase } from "../../constructs/postgres-database";
import { POSTGRES_DATABASE_RULES } from "../../constructs/postgres-database-rules";
import type { ModuleDefinition } from "../module-definition";
import { numberRuleInput } from "./number-rule-input";
import { listRuleInput, textRuleInput } from "./text-rule-input";

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
    // Rules, defaults and messages are the construct's (postgres-database-rules.ts).
    const rules = POSTGRES_DATABASE_RULES;
    const input = {
      identifier: stack.input("identifier", textRuleInput("identifier", rules.instanceIdentifier, "The RDS instance identifier; also names its key, groups, roles and final snapshot.")),
      instanceClass: stack.input("instance_class", textRuleInput("instance_class", rules.instanceClass, "The instance class.")),
      allocatedStorageGb: stack.input("allocated_storage_gb", numberRuleInput("allocated_storage_gb", rules.allocatedStorageGb, "Storage in GB (gp3).")),
      maxAllocatedStorageGb: stack.input("max_allocated_storage_gb", {
        type: "number",
        description: "Storage autoscaling's ceiling in GB, at least 10 % above allocated_storage_gb: RDS grows the storage up to it. Null: no autoscaling.",
        default: null,
        validation: [
          {
            // A conditional, not ||: Terraform evaluates both sides of ||, and floor(null) fails.
            // RDS requires the ceiling 10 % above the storage (minimumStorageCeilingGb).
            condition: `var.max_allocated_storage_gb == null ? true : (floor(var.max_allocated_storage_gb) == var.max_allocated_storage_gb && var.max_allocated_storage_gb * 10 >= var.allocated_storage_gb * 11 && var.max_allocated_storage_gb <= ${rules.allocatedStorageGb.max})`,
            errorMessage: `max_allocated_storage_gb must be a whole number at least 10 % above allocated_storage_gb (RDS's rule) and at most ${rules.allocatedStorageGb.max}, or null for no autoscaling.`,
          },
        ],
      }),
      engineVersion: stack.input(
        "engine_version",
        textRuleInput("engine_version", rules.engineVersion, "A major version (17) or major.minor (17.2); minor upgrades are applied in the maintenance window."),
      ),
      multiAz: stack.input("multi_az", {
        type: "bool",
        description: "A standby in another availability zone; turn off only where an outage is acceptable.",
        default: rules.multiAz.default,
      }),
      databaseName: stack.input("database_name", textRuleInput("database_name", rules.databaseName, "The database created in the instance.")),
      masterUsername: stack.input(
        "master_username",
        textRuleInput("master_username", rules.masterUsername, "The master user's name; RDS creates its password, keeps it in Secrets Manager and rotates it."),
      ),
      vpcId: stack.input("vpc_id", { type: "string", description: "The VPC of the subnets; the database's and its clients' security groups are created in it." }),
      subnetIds: stack.input("subnet_ids", listRuleInput("subnet_ids", rules.subnetIds, "Private subnets in at least two availability zones.")),
      backupRetentionDays: stack.input(
        "backup_retention_days",
        numberRuleInput("backup_retention_days", rules.backupRetentionDays, "Days of automated backups: the point-in-time recovery window."),
      ),
      deletionProtection: stack.input("deletion_protection", {
        type: "bool",
        description: "Refuses deletion of the instance while on; turn off only where the data may be lost.",
        default: rules.deletionProtection.default,
      }),
      performanceInsightsRetentionDays: stack.input(
        "performance_insights_retention_days",
        numberRuleInput(
          "performance_insights_retention_days",
          rules.performanceInsightsRetentionDays,
          "Days Performance Insights keeps its data: 7 (free), a multiple of 31 up to 713, or 731.",
        ),
      ),
      logMinDurationStatementMs: stack.input(
        "log_min_duration_statement_ms",
        numberRuleInput("log_min_duration_statement_ms", rules.logMinDurationStatementMs, "Statements slower than this are logged, in milliseconds (-1: none)."),
      ),
      secretRotationDays: stack.input(
        "secret_rotation_days",
        numberRuleInput("secret_rotation_days", rules.secretRotationDays, "How often Secrets Manager rotates the master password, in days."),
      ),
      monitoringIntervalSeconds: stack.input(
        "monitoring_interval_seconds",
        numberRuleInput("monitoring_interval_seconds", rules.monitoringIntervalSeconds, "Seconds between enhanced-monitoring samples."),
      ),
    };

    const database = new PostgresDatabase(stack, "this", {
      name: "this",
      instanceIdentifier: input.identifier.stringValue,
      // Always created: adopting is the caller's import block (see the README), which a module may not hold.
      instanceClass: input.instanceClass.stringValue,
      allocatedStorageGb: input.allocatedStorageGb.numberValue,
      maxAllocatedStorageGb: input.maxAllocatedStorageGb.numberValue,
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
