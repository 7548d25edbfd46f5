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
import type { AwsLocation } from "./aws-location";
import { assumeRoleDocument } from "./iam-policy";
import { knownAtSynth, numberText } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { applyMethodAtEngineDefault, forceSslIsEngineDefault, logMinDurationIsEngineDefault } from "./parameter-apply-method";
import { checkNumberRule } from "./number-rule";
import { POSTGRES_DATABASE_RULES, storageCeilingProblem } from "./postgres-database-rules";
import { checkListRule, checkTextRule } from "./text-rule";

export const POSTGRES_PORT = 5432;
export const DEFAULT_MONITORING_INTERVAL_SECONDS = POSTGRES_DATABASE_RULES.monitoringIntervalSeconds.default;

/**
 * What an existing instance is and keeps when adopted: each would replace it (kms_key_id) or cut
 * its current clients off (its groups, its subnet group, its master password) if changed.
 */
export interface ExistingInstanceFacts {
  /** The KMS key its storage is encrypted with; Performance Insights and a managed master secret use it too. */
  readonly kmsKeyArn: string;
  /** Its DB subnet group. */
  readonly subnetGroupName: string;
  /** Its VPC security groups, through which its current clients reach it. */
  readonly securityGroupIds: readonly string[];
  /** Groups those security groups admit on 5432: clients join them while the instance keeps its groups. */
  readonly clientSecurityGroupIds: readonly string[];
  /** Whether RDS already keeps its master password in Secrets Manager. */
  readonly masterPasswordManaged: boolean;
}

/** Changes that disturb an adopted instance's current clients, each made only when asked for. */
export interface DisruptiveChanges {
  /** Sets rds.force_ssl = 1, refusing clients without TLS; off, the parameter is left at the engine's default. */
  readonly enforceTls: boolean;
  /** Has RDS replace the master password with one it keeps and rotates in Secrets Manager. */
  readonly manageMasterPassword: boolean;
  /** `keep` the instance's groups; `add-managed` the managed one beside them; `managed-only`: the managed one alone. */
  readonly securityGroups: "keep" | "add-managed" | "managed-only";
}

/**
 * Whether RDS keeps the master password in Secrets Manager after this apply: always for a created
 * instance; for an adopted one, where it does already or config asks.
 */
export function managesMasterPassword(adopt: PostgresAdoption | undefined): boolean {
  return adopt ? adopt.existing.masterPasswordManaged || adopt.disruptiveChanges.manageMasterPassword : true;
}

/**
 * Whether the stack reads the master secret (PostgresDatabase.masterSecretArn), and so has its
 * rotation schedule and what logs in with it (the migrator): a created instance's, known once it
 * exists; an adopted one's once config records that RDS manages it. The apply that turns
 * management on cannot read it: the provider plans the secret as the empty list the import left.
 */
export function readsMasterSecret(adopt: PostgresAdoption | undefined): boolean {
  return adopt ? adopt.existing.masterPasswordManaged : true;
}

/** How an existing instance is adopted. */
export interface PostgresAdoption {
  readonly existing: ExistingInstanceFacts;
  readonly disruptiveChanges: DisruptiveChanges;
}

/** Props of a PostgresDatabase. */
export interface PostgresDatabaseProps {
  /** Names the Terraform addresses (`aws_db_instance.<name>`). */
  readonly name: string;
  /** The RDS instance identifier; to adopt an instance, its existing identifier. */
  readonly instanceIdentifier: string;
  /**
   * Adopt the instance that already has this identifier (an `import` block: imported on the first
   * apply) as it is, instead of creating one: its key, subnet group, groups and master password
   * stay as `existing` says unless `disruptiveChanges` asks otherwise.
   * @default - a new instance, with its own key, subnet group and security groups
   */
  readonly adopt?: PostgresAdoption;
  /** The RDS instance class (`db.t4g.medium`). */
  readonly instanceClass: string;
  /** Storage in GB (gp3). */
  readonly allocatedStorageGb: number;
  /**
   * Storage autoscaling's ceiling in GB (max_allocated_storage), at least 10 % above
   * allocatedStorageGb (RDS's rule): RDS grows the storage up to it, and plans leave alone the
   * storage it has grown. Unset, the storage stays at allocatedStorageGb. An adopted instance with
   * autoscaling on must have its ceiling here, or the first apply turns autoscaling off.
   */
  readonly maxAllocatedStorageGb?: number;
  /** A major version (17) or major.minor (17.2); minor upgrades are applied in the maintenance window. */
  readonly engineVersion: string;
  /** A standby in another availability zone: off only where an outage is acceptable. */
  readonly multiAz: boolean;
  /** The database created in the instance (an adopted instance's own: it cannot change). */
  readonly databaseName: string;
  /** The master user's name (an adopted instance's own: it cannot change). */
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

/** The props' rules (postgres-database-rules.ts), for the values known at synth. */
function checkProps(path: string, props: PostgresDatabaseProps): void {
  const rules = POSTGRES_DATABASE_RULES;
  for (const prop of ["instanceIdentifier", "instanceClass", "engineVersion", "databaseName", "masterUsername"] as const) {
    checkTextRule(path, prop, rules[prop], props[prop]);
  }
  for (const prop of ["allocatedStorageGb", "backupRetentionDays", "performanceInsightsRetentionDays", "logMinDurationStatementMs", "secretRotationDays", "monitoringIntervalSeconds"] as const) {
    checkNumberRule(path, prop, rules[prop], props[prop]);
  }
  const { allocatedStorageGb, maxAllocatedStorageGb } = props;
  checkNumberRule(path, "maxAllocatedStorageGb", rules.allocatedStorageGb, maxAllocatedStorageGb);
  const ceilingProblem =
    maxAllocatedStorageGb !== undefined && knownAtSynth(maxAllocatedStorageGb) && knownAtSynth(allocatedStorageGb)
      ? storageCeilingProblem(allocatedStorageGb, maxAllocatedStorageGb)
      : undefined;
  if (ceilingProblem) throw new Error(`${path}: maxAllocatedStorageGb ${ceilingProblem}, got ${maxAllocatedStorageGb}`);
  // An adopted instance stays in its subnet group: the subnets are a created instance's.
  if (!props.adopt) checkListRule(path, "subnetIds", rules.subnetIds, props.subnetIds);
}

/**
 * The read path's PostgreSQL on RDS, created or adopted. Created: encrypted with its own KMS key,
 * never public, TLS forced, its master password kept and rotated by RDS in Secrets Manager, and
 * reached only through `clientSecurityGroupIds`, the one group its own admits on 5432. Adopted: the
 * same settings RDS changes in place (Performance Insights, the parameter group with
 * pg_stat_statements and slow statements logged, enhanced monitoring, log exports, IAM database
 * authentication, backups, deletion protection), and nothing that would replace the instance or
 * disturb its clients unless `adopt.disruptiveChanges` asks for it.
 *
 * @example
 * const database = new PostgresDatabase(this, "database", { name: "database", instanceIdentifier: "huntaze-read-path", … });
 * new LambdaFunction(this, "fn", { vpcConfig: { securityGroupIds: database.clientSecurityGroupIds, subnetIds } });
 */
export class PostgresDatabase extends NamingScope {
  public readonly instance: DbInstance;
  /** The instance's own key; none for an adopted instance, which keeps its key (`kmsKeyArn`). */
  public readonly key?: KmsKey;
  /** The key of its storage, Performance Insights and managed master secret. */
  public readonly kmsKeyArn: string;
  public readonly parameterGroup: DbParameterGroup;
  /** The groups whatever must reach the database (prisma-read) joins; nothing else can. */
  public readonly clientSecurityGroupIds: string[];
  /** The managed clients group, where this construct makes one (created, or adopted with `securityGroups` not `keep`). */
  public readonly clientSecurityGroup?: SecurityGroup;
  /** The managed database group, likewise. */
  public readonly databaseSecurityGroup?: SecurityGroup;
  /** The Secrets Manager secret RDS keeps the master credentials in (`{ username, password }`), where RDS manages them. */
  public readonly masterSecretArn?: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id, props);
    checkProps(this.node.path, props);
    const majorVersion = knownAtSynth(props.engineVersion)
      ? props.engineVersion.split(".")[0]
      : Fn.element(Fn.split(".", props.engineVersion), 0);
    const { adopt } = props;
    const changes = adopt?.disruptiveChanges;

    // RDS and Secrets Manager use the key through grants the account's IAM allows. An adopted
    // instance keeps its own: kms_key_id cannot change without replacing the instance.
    this.key = adopt
      ? undefined
      : createAccountKey(this, {
          description: `Encrypts ${props.instanceIdentifier}: storage, Performance Insights and the master secret`,
          accountId: props.accountId,
          partition: props.partition,
        });
    this.kmsKeyArn = adopt ? adopt.existing.kmsKeyArn : this.key!.arn;

    // Forcing TLS refuses every client that connects without it: on an adopted instance, only when
    // asked for; otherwise the parameter keeps the engine's default (1 from PostgreSQL 15, 0
    // before), as its default parameter group had it.
    const forceTls = adopt ? changes!.enforceTls : true;
    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      name: `${props.instanceIdentifier}-postgres${majorVersion}`,
      family: `postgres${majorVersion}`,
      // The description cannot change in place, and a replacement under the same name fails (the
      // name is taken until the old group goes), so it does not follow enforceTls.
      description: `${props.instanceIdentifier}: ${adopt ? "" : "TLS only, "}pg_stat_statements, slow statements logged`,
      // A parameter at the engine's default goes as pending-reboot, as RDS reports it whatever set
      // it; otherwise every plan would show it changing (applyMethodAtEngineDefault).
      parameter: [
        ...(forceTls ? [{ name: "rds.force_ssl", value: "1", applyMethod: applyMethodAtEngineDefault(forceSslIsEngineDefault(majorVersion)) }] : []),
        // Loading a library needs a restart: RDS applies it at the next reboot, never by surprise.
        { name: "shared_preload_libraries", value: "pg_stat_statements", applyMethod: "pending-reboot" },
        { name: "pg_stat_statements.track", value: "top", applyMethod: applyMethodAtEngineDefault(true) },
        {
          name: "log_min_duration_statement",
          value: numberText(props.logMinDurationStatementMs),
          applyMethod: applyMethodAtEngineDefault(logMinDurationIsEngineDefault(props.logMinDurationStatementMs)),
        },
      ],
      // The description is informational and cannot change in place: a group created under an
      // earlier description must keep it, or it would be replaced under the same name, which fails.
      lifecycle: { createBeforeDestroy: true, ignoreChanges: ["description"] },
    });

    const securityGroups = adopt ? changes!.securityGroups : "managed-only";
    if (securityGroups !== "keep") {
      const databaseSecurityGroup = new SecurityGroup(this, "security-group", {
        name: `${props.instanceIdentifier}-database`,
        description: `${props.instanceIdentifier}: PostgreSQL from its clients only`,
        vpcId: props.vpcId,
      });
      const clientSecurityGroup = new SecurityGroup(this, "client-security-group", {
        name: `${props.instanceIdentifier}-clients`,
        // PostgreSQL to the database and nothing else: clients log in with IAM tokens they sign
        // themselves, so they call no AWS API from inside the VPC.
        description: `Clients of ${props.instanceIdentifier}: PostgreSQL to it, nothing else`,
        vpcId: props.vpcId,
      });
      new VpcSecurityGroupIngressRule(this, "from-clients", {
        securityGroupId: databaseSecurityGroup.id,
        referencedSecurityGroupId: clientSecurityGroup.id,
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: "PostgreSQL from the database's clients",
      });
      new VpcSecurityGroupEgressRule(this, "client-to-database", {
        securityGroupId: clientSecurityGroup.id,
        referencedSecurityGroupId: databaseSecurityGroup.id,
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        description: "PostgreSQL to the database",
      });
      this.databaseSecurityGroup = databaseSecurityGroup;
      this.clientSecurityGroup = clientSecurityGroup;
    }
    const instanceSecurityGroupIds =
      securityGroups === "keep"
        ? [...adopt!.existing.securityGroupIds]
        : securityGroups === "add-managed"
          ? [...adopt!.existing.securityGroupIds, this.databaseSecurityGroup!.id]
          : [this.databaseSecurityGroup!.id];
    this.clientSecurityGroupIds = securityGroups === "keep" ? [...adopt!.existing.clientSecurityGroupIds] : [this.clientSecurityGroup!.id];

    // An adopted instance stays in its subnet group: another would be a move between VPCs.
    const subnetGroupName = adopt
      ? adopt.existing.subnetGroupName
      : new DbSubnetGroup(this, "subnets", {
          name: `${props.instanceIdentifier}-private`,
          description: `Private subnets of ${props.instanceIdentifier}`,
          subnetIds: [...props.subnetIds],
        }).name;

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

    // RDS keeps the master password in Secrets Manager (encrypted with the key) and rotates it. An
    // adopted instance whose password its owners keep goes on doing so unless asked: turning it on
    // replaces the password every current admin client logs in with.
    const managedPassword = managesMasterPassword(adopt);
    const turnsManagementOn = managedPassword && !(adopt?.existing.masterPasswordManaged ?? false);

    this.instance = new DbInstance(this, PRIMARY_RESOURCE_ID, {
      identifier: props.instanceIdentifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGb,
      maxAllocatedStorage: props.maxAllocatedStorageGb,
      // An adopted instance keeps its storage type: a change reworks its storage for hours.
      storageType: adopt ? undefined : "gp3",
      storageEncrypted: true,
      kmsKeyId: this.kmsKeyArn,
      dbName: props.databaseName,
      username: props.masterUsername,
      manageMasterUserPassword: managedPassword ? true : undefined,
      // Set where management starts here; an instance managed already keeps its secret's key.
      masterUserSecretKmsKeyId: turnsManagementOn ? this.kmsKeyArn : undefined,
      multiAz: props.multiAz,
      dbSubnetGroupName: subnetGroupName,
      vpcSecurityGroupIds: instanceSecurityGroupIds,
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      // An adopted instance keeps its certificate authority: changing it restarts the instance.
      caCertIdentifier: adopt ? undefined : "rds-ca-rsa2048-g1",
      // prisma-read logs in with IAM tokens; turning this on leaves password logins as they are.
      iamDatabaseAuthenticationEnabled: true,
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.instanceIdentifier}-final`,
      autoMinorVersionUpgrade: true,
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: props.performanceInsightsRetentionDays,
      performanceInsightsKmsKeyId: this.kmsKeyArn,
      monitoringInterval: props.monitoringIntervalSeconds ?? DEFAULT_MONITORING_INTERVAL_SECONDS,
      monitoringRoleArn: monitoringRole.arn,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      lifecycle: {
        // A plan that would replace the database (an encryption or identifier change on an adopted
        // instance, say) fails instead of destroying data.
        preventDestroy: true,
        // Config says RDS manages the password, so the stack reads the secret: where it does not
        // exist yet, every reader of master_user_secret[0] fails the plan with an index error that
        // names no setting. This names it.
        postcondition: adopt?.existing.masterPasswordManaged
          ? [
              {
                condition: "${length(self.master_user_secret) > 0}",
                errorMessage:
                  `${props.instanceIdentifier} has no master secret in Secrets Manager, but config says RDS manages its password ` +
                  "(existing.masterPasswordManaged): turn management on first (disruptiveChanges.manageMasterPassword), and set " +
                  "masterPasswordManaged once that apply is done and `aws rds describe-db-instances` shows a MasterUserSecret.",
              },
            ]
          : undefined,
      },
    });
    if (adopt) this.instance.importFrom(props.instanceIdentifier);
    // Both are the environment's choice, refused for a production-tier environment by config
    // validation (config/schema.ts); elsewhere they trade availability for cost.
    if (knownAtSynth(props.deletionProtection) && !props.deletionProtection) {
      acceptSecurityException(this.instance, "CKV_AWS_293", "deletion protection is off by this non-production environment's configuration");
    }
    if (!forceTls) {
      acceptSecurityException(
        this.instance,
        "HUNTAZE_RDS_TLS_ONLY",
        "an adopted instance's rds.force_ssl stays the engine's default (1 from PostgreSQL 15) until its config asks for enforceTls: forcing it refuses every current client without TLS",
      );
    }
    if (knownAtSynth(props.multiAz) && !props.multiAz) {
      acceptSecurityException(this.instance, "CKV_AWS_157", "single-AZ by this non-production environment's configuration, for cost");
    }

    if (readsMasterSecret(adopt)) {
      this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;
      new SecretsmanagerSecretRotation(this, "rotation", {
        secretId: this.masterSecretArn,
        // RDS rotates its managed secret itself; this sets how often.
        rotationRules: { automaticallyAfterDays: props.secretRotationDays },
      });
    }
  }

  /** What a client's `rds-db:connect` grant names to log in as `databaseUser` with an IAM token. */
  public connectArn(databaseUser: string, location: AwsLocation): string {
    return `arn:${location.partition}:rds-db:${location.region}:${location.accountId}:dbuser:${this.instance.resourceId}/${databaseUser}`;
  }
}
