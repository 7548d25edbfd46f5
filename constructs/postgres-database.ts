import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { acceptSecurityException } from "./security-exception";
import { createAccountKey } from "./account-key";
import { assumeRoleDocument } from "./iam-policy";
import { knownAtSynth, numberText } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";

export const POSTGRES_PORT = 5432;
export const DEFAULT_MONITORING_INTERVAL_SECONDS = 60;

/** Props of a PostgresDatabase. */
export interface PostgresDatabaseProps {
  /** Names the Terraform addresses (`aws_db_instance.<name>`). */
  readonly name: string;
  /** The RDS instance identifier; to adopt an instance, its existing identifier. */
  readonly instanceIdentifier: string;
  /** Adopt the instance that already has this identifier (imported on the first apply) instead of creating one. */
  readonly adoptExisting: boolean;
  /** The RDS instance class (`db.t4g.medium`). */
  readonly instanceClass: string;
  /** Storage in GB (gp3). */
  readonly allocatedStorageGb: number;
  /** A major version (17) or major.minor (17.2); minor upgrades are applied in the maintenance window. */
  readonly engineVersion: string;
  /** A standby in another availability zone: off only where an outage is acceptable. */
  readonly multiAz: boolean;
  /** The database created in the instance. */
  readonly databaseName: string;
  /** The master user's name; RDS creates, stores and rotates its password. */
  readonly masterUsername: string;
  /** The VPC of the subnets; the database's and clients' security groups live in it. */
  readonly vpcId: string;
  /** Private subnets in at least two availability zones. */
  readonly subnetIds: readonly string[];
  /** Days of automated backups (point-in-time recovery window). */
  readonly backupRetentionDays: number;
  /** Refuses deletion of the instance while on: off only where the data can be lost. */
  readonly deletionProtection: boolean;
  /** Days Performance Insights keeps its data (7 is free). */
  readonly performanceInsightsRetentionDays: number;
  /** Statements slower than this are logged. */
  readonly logMinDurationStatementMs: number;
  /** How often Secrets Manager rotates the master password. */
  readonly secretRotationDays: number;
  /** The account the instance lives in, for the KMS key policy. */
  readonly accountId: string;
  /** The AWS partition (`aws`), for ARNs. */
  readonly partition: string;
  /**
   * Seconds between enhanced-monitoring samples (1, 5, 10, 15, 30 or 60).
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
}

/**
 * The read path's PostgreSQL on RDS, created or adopted: encrypted with its own KMS key, never
 * public, TLS forced, slow statements logged, Performance Insights and enhanced monitoring on, the
 * master password kept and rotated by RDS in Secrets Manager. Clients get in only through
 * `clientSecurityGroup`, the one group its own admits on 5432.
 *
 * @example
 * const database = new PostgresDatabase(this, "database", { name: "database", instanceIdentifier: "huntaze-read-path", adoptExisting: false, … });
 * new LambdaFunction(this, "fn", { vpcConfig: { securityGroupIds: [database.clientSecurityGroup.id], subnetIds } });
 */
export class PostgresDatabase extends NamingScope {
  public readonly instance: DbInstance;
  public readonly key: KmsKey;
  public readonly parameterGroup: DbParameterGroup;
  /** Attach it to whatever must reach the database (prisma-read); nothing else can. */
  public readonly clientSecurityGroup: SecurityGroup;
  public readonly databaseSecurityGroup: SecurityGroup;
  /** The Secrets Manager secret RDS keeps the master credentials in (`{ username, password }`). */
  public readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id, props);
    const majorVersion = knownAtSynth(props.engineVersion)
      ? props.engineVersion.split(".")[0]
      : Fn.element(Fn.split(".", props.engineVersion), 0);

    // RDS and Secrets Manager use the key through grants the account's IAM allows.
    this.key = createAccountKey(this, {
      description: `Encrypts ${props.instanceIdentifier}: storage, Performance Insights and the master secret`,
      accountId: props.accountId,
      partition: props.partition,
    });

    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      name: `${props.instanceIdentifier}-postgres${majorVersion}`,
      family: `postgres${majorVersion}`,
      description: `${props.instanceIdentifier}: TLS only, pg_stat_statements, slow statements logged`,
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        // Loading a library needs a restart: RDS applies it at the next reboot, never by surprise.
        { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
        { name: "pg_stat_statements.track", value: "top" },
        { name: "log_min_duration_statement", value: numberText(props.logMinDurationStatementMs) },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    this.databaseSecurityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.instanceIdentifier}-database`,
      description: `${props.instanceIdentifier}: PostgreSQL from its clients only`,
      vpcId: props.vpcId,
    });
    this.clientSecurityGroup = new SecurityGroup(this, "client-security-group", {
      name: `${props.instanceIdentifier}-clients`,
      // PostgreSQL to the database and nothing else: clients log in with IAM tokens they sign
      // themselves, so they call no AWS API from inside the VPC.
      description: `Clients of ${props.instanceIdentifier}: PostgreSQL to it, nothing else`,
      vpcId: props.vpcId,
    });
    new VpcSecurityGroupIngressRule(this, "from-clients", {
      securityGroupId: this.databaseSecurityGroup.id,
      referencedSecurityGroupId: this.clientSecurityGroup.id,
      ipProtocol: "tcp",
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      description: "PostgreSQL from the database's clients",
    });
    new VpcSecurityGroupEgressRule(this, "client-to-database", {
      securityGroupId: this.clientSecurityGroup.id,
      referencedSecurityGroupId: this.databaseSecurityGroup.id,
      ipProtocol: "tcp",
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      description: "PostgreSQL to the database",
    });
    const subnetGroup = new DbSubnetGroup(this, "subnets", {
      name: `${props.instanceIdentifier}-private`,
      description: `Private subnets of ${props.instanceIdentifier}`,
      subnetIds: [...props.subnetIds],
    });

    const monitoringRole = new IamRole(this, "monitoring-role", {
      name: `${props.instanceIdentifier}-enhanced-monitoring`,
      // RDS documents both keys for this role: the account, and the instance it monitors.
      assumeRolePolicy: assumeRoleDocument(this, "monitoring-trust", "monitoring.rds.amazonaws.com", {
        sourceAccount: props.accountId,
        sourceArn: `arn:${props.partition}:rds:*:${props.accountId}:db:${props.instanceIdentifier}`,
      }).json,
    });
    new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: monitoringRole.name,
      // AWS's managed policy for exactly this role: writes RDSOSMetrics log streams, nothing else.
      policyArn: `arn:${props.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    });

    this.instance = new DbInstance(this, PRIMARY_RESOURCE_ID, {
      identifier: props.instanceIdentifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGb,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: this.key.arn,
      dbName: props.databaseName,
      username: props.masterUsername,
      // RDS creates the password, keeps it in Secrets Manager (encrypted with our key) and rotates it.
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.key.arn,
      multiAz: props.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.databaseSecurityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.instanceIdentifier}-final`,
      autoMinorVersionUpgrade: true,
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays,
      performanceInsightsKmsKeyId: this.key.arn,
      monitoringInterval: props.monitoringIntervalSeconds ?? DEFAULT_MONITORING_INTERVAL_SECONDS,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      // A plan that would replace the database (an encryption or identifier change on an adopted
      // instance, say) fails instead of destroying data.
      lifecycle: { preventDestroy: true },
    });
    if (props.adoptExisting) this.instance.importFrom(props.instanceIdentifier);
    // Both are the environment's choice, refused for a production-tier environment by config
    // validation (config/schema.ts); elsewhere they trade availability for cost.
    if (knownAtSynth(props.deletionProtection) && !props.deletionProtection) {
      acceptSecurityException(this.instance, "CKV_AWS_293", "deletion protection is off by this non-production environment's configuration");
    }
    if (knownAtSynth(props.multiAz) && !props.multiAz) {
      acceptSecurityException(this.instance, "CKV_AWS_157", "single-AZ by this non-production environment's configuration, for cost");
    }

    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    new SecretsmanagerSecretRotation(this, "rotation", {
      secretId: this.masterSecretArn,
      // RDS rotates its managed secret itself; this sets how often.
      rotationRules: { automaticallyAfterDays: props.secretRotationDays },
    });
  }
}
