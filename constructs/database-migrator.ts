import { AssetType, TerraformAsset } from "cdktf";
import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { DEFAULT_HANDLER, DEFAULT_LOG_RETENTION_IN_DAYS, DEFAULT_RUNTIME, vpcAccessPolicy, type FunctionCode } from "./canary-function";
import { lambdaExecutionTrustDocument } from "./iam-policy";
import { knownAtSynth } from "./known-at-synth";
import { lambdaLogGroupName } from "./lambda-log-group";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { acceptSecurityException } from "./security-exception";

const HTTPS_PORT = 443;
/** Lambda's limit: a migration longer than this fails, and the deploy with it. */
const MIGRATION_TIMEOUT_SECONDS = 900;
/** The schema engine is 5.4 MB of WebAssembly: compiling it wants memory, and CPU comes with it. */
const MIGRATION_MEMORY_MB = 1024;

/** Props of a DatabaseMigrator. */
export interface DatabaseMigratorProps {
  /** Names the Terraform addresses (`aws_lambda_function.<name>`). */
  readonly name: string;
  /** The function's name (`huntaze-db-migrator`); also names its log group, role and security group. */
  readonly functionName: string;
  /** The migrator's zip (functions/db-migrator, with the migrations inside). */
  readonly code: FunctionCode;
  /** The secret holding `{ username, password }` of a user that may migrate: RDS's managed master secret. */
  readonly adminSecretArn: string;
  /** The KMS key that encrypts that secret: the function may decrypt with it through Secrets Manager only. */
  readonly adminSecretKmsKeyArn: string;
  /** Where the database is. */
  readonly databaseHost: string;
  readonly databasePort: number;
  readonly databaseName: string;
  /** The VPC and private subnets the database's clients run in. */
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
  /** The groups the database admits clients from (PostgreSQL only). */
  readonly databaseClientSecurityGroupIds: readonly string[];
  /**
   * How the function reaches Secrets Manager from its private subnets. `create`: an interface
   * endpoint of its own, private DNS on, admitting HTTPS from the migrator only. Or the security
   * group of an endpoint the VPC already has (a VPC takes one private-DNS endpoint per service):
   * the migrator is admitted to it.
   * @default "create"
   */
  readonly secretsManagerEndpoint?: "create" | { readonly securityGroupId: string };
  /** The AWS partition, region and account, for ARNs. */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /**
   * Days the log group keeps events.
   * @default 30
   */
  readonly logRetentionInDays?: number;
  /**
   * A KMS key for the log group.
   * @default - CloudWatch Logs' own key
   */
  readonly logKmsKeyArn?: string;
}

/**
 * The function that applies the read path's migrations from inside the database's VPC, with an
 * admin secret. It serves no traffic: the deploy step invokes it (synchronously, by version) before
 * the candidate's canary and stops when it fails. Every change to its zip (a new migration) is a
 * new version, and its qualified ARN changes with it.
 *
 * @example
 * const migrator = new DatabaseMigrator(this, "db-migrator", { name: "db-migrator", functionName: "huntaze-db-migrator", code: artifacts["db-migrator"], … });
 * // The candidate's deploy step: migrationFunctionArn: migrator.fn.qualifiedArn
 */
export class DatabaseMigrator extends NamingScope {
  /** The log group of a migrator of this name, known before it exists: a log key's policy names it. */
  public static logGroupName(functionName: string): string {
    return lambdaLogGroupName(functionName);
  }

  public readonly fn: LambdaFunction;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  /** The migrator's own group: HTTPS to Secrets Manager's endpoint. */
  public readonly securityGroup: SecurityGroup;
  /** The Secrets Manager endpoint, when created here. */
  public readonly secretsManagerEndpoint?: VpcEndpoint;

  constructor(scope: Construct, id: string, props: DatabaseMigratorProps) {
    super(scope, id, props);

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: DatabaseMigrator.logGroupName(props.functionName),
      retentionInDays: props.logRetentionInDays ?? DEFAULT_LOG_RETENTION_IN_DAYS,
      kmsKeyId: props.logKmsKeyArn,
    });

    this.securityGroup = new SecurityGroup(this, "security-group", {
      name: `${props.functionName}-secrets-access`,
      description: `${props.functionName}: HTTPS to Secrets Manager's endpoint, nothing else`,
      vpcId: props.vpcId,
    });
    const endpoint = props.secretsManagerEndpoint ?? "create";
    let endpointGroupId: string;
    if (endpoint === "create") {
      const endpointGroup = new SecurityGroup(this, "endpoint-security-group", {
        name: `${props.functionName}-secretsmanager-endpoint`,
        description: `Secrets Manager's endpoint for ${props.functionName}: HTTPS from it only`,
        vpcId: props.vpcId,
      });
      endpointGroupId = endpointGroup.id;
      this.secretsManagerEndpoint = new VpcEndpoint(this, "secretsmanager-endpoint", {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.secretsmanager`,
        vpcEndpointType: "Interface",
        subnetIds: [...props.subnetIds],
        securityGroupIds: [endpointGroup.id],
        // The SDK's usual host name then resolves to the endpoint: no endpoint setting in the function.
        privateDnsEnabled: true,
      });
    } else {
      endpointGroupId = endpoint.securityGroupId;
    }
    new VpcSecurityGroupIngressRule(this, "endpoint-from-migrator", {
      securityGroupId: endpointGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      description: `HTTPS from ${props.functionName}`,
    });
    new VpcSecurityGroupEgressRule(this, "migrator-to-endpoint", {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: endpointGroupId,
      ipProtocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      description: "HTTPS to Secrets Manager's endpoint",
    });

    this.role = new IamRole(this, "execution-role", {
      name: `${props.functionName}-execution`,
      assumeRolePolicy: lambdaExecutionTrustDocument(this, "execution-trust").json,
    });
    const permissions = new DataAwsIamPolicyDocument(this, "execution-permissions", {
      statement: [
        { sid: "WriteOwnLogs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.logGroup.arn}:*`] },
        // Deliberate exception to "no * resources": X-Ray's trace APIs have no resource-level permissions.
        { sid: "WriteTraces", effect: "Allow", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
        { sid: "ReadTheAdminSecret", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: [props.adminSecretArn] },
        {
          // The secret's key, for Secrets Manager's use on the function's behalf and no other.
          sid: "DecryptTheAdminSecret",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [props.adminSecretKmsKeyArn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${props.region}.amazonaws.com`] }],
        },
      ],
    });
    const rolePolicy = new IamRolePolicy(this, "execution-policy", { name: "least-privilege", role: this.role.id, policy: permissions.json });
    const vpc = {
      subnetIds: props.subnetIds,
      securityGroupIds: [...props.databaseClientSecurityGroupIds, this.securityGroup.id],
      partition: props.partition,
      region: props.region,
      accountId: props.accountId,
    };
    const vpcAccess = new IamRolePolicy(this, "vpc-access", { name: "network-interfaces", role: this.role.id, policy: vpcAccessPolicy(this, vpc).json });

    const filename = knownAtSynth(props.code.zipPath)
      ? new TerraformAsset(this, "code", { path: props.code.zipPath, type: AssetType.FILE }).path
      : props.code.zipPath;
    this.fn = new LambdaFunction(this, PRIMARY_RESOURCE_ID, {
      functionName: props.functionName,
      description: "Applies the read path's migrations; invoked by the deploy step before the candidate's canary",
      role: this.role.arn,
      runtime: DEFAULT_RUNTIME,
      architectures: ["arm64"],
      handler: DEFAULT_HANDLER,
      filename,
      sourceCodeHash: props.code.sourceCodeHash,
      memorySize: MIGRATION_MEMORY_MB,
      timeout: MIGRATION_TIMEOUT_SECONDS,
      // One at a time: the advisory lock already makes a second run wait, this keeps it from even starting.
      reservedConcurrentExecutions: 1,
      // The deploy step invokes a version, so it runs exactly the migrations this apply shipped.
      publish: true,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      environment: {
        variables: {
          DATABASE_SECRET_ARN: props.adminSecretArn,
          DATABASE_HOST: props.databaseHost,
          DATABASE_PORT: String(props.databasePort),
          DATABASE_NAME: props.databaseName,
          DATABASE_TLS: "verify-full",
          // The runtime's CA bundle, which holds the RDS certificate authorities.
          NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
        },
      },
      vpcConfig: { subnetIds: [...props.subnetIds], securityGroupIds: vpc.securityGroupIds },
      dependsOn: [rolePolicy, vpcAccess, this.logGroup],
    });
    acceptSecurityException(
      this.fn,
      "CKV_AWS_116",
      "invoked synchronously only, by the deploy step, which reads its failure: a dead-letter queue would receive nothing",
    );
  }
}
