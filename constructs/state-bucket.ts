import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { acceptSecurityException } from "./security-exception";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { checkNumberRule } from "./number-rule";
import { STATE_BUCKET_RULES } from "./state-bucket-rules";
import { checkTextRule } from "./text-rule";

export const DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS = STATE_BUCKET_RULES.noncurrentVersionRetentionDays.default;
const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 7;
const KMS_DELETION_WINDOW_IN_DAYS = 30;

/** Props of a StateBucket. */
export interface StateBucketProps {
  /** Names the Terraform addresses (`aws_s3_bucket.<name>`). */
  readonly name: string;
  /** The S3 bucket's globally unique name. */
  readonly bucketName: string;
  /** The alias of the KMS key that encrypts state, `alias/…`. */
  readonly kmsKeyAliasName: string;
  /**
   * Days a superseded state version is kept before S3 expires it.
   * @default 90
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Creates a DynamoDB lock table with this name, for Terraform older than 1.10.
   * @default - none: Terraform 1.10+ locks with a lock file in the bucket (use_lockfile)
   */
  readonly lockTableName?: string;
  /**
   * Statements added to the bucket policy after its TLS-only deny: grants to principals of other
   * accounts, which need one here as well as in their own account.
   * @default - none: only the bucket's own account reaches it, through IAM
   */
  readonly bucketPolicyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * Statements added to the KMS key's policy after the one that leaves the key to IAM in its own
   * account (the default key policy's): grants to principals of other accounts.
   * @default - none: the default key policy
   */
  readonly kmsKeyPolicyStatements?: readonly DataAwsIamPolicyDocumentStatement[];
  /**
   * The bucket's account, `arn:<partition>:iam::<accountId>:root` in the key policy's first statement.
   * Required with kmsKeyPolicyStatements; known at synth, so the policy plans without reading AWS.
   * @default - none
   */
  readonly accountRootArn?: string;
  /**
   * S3 Bucket Keys. With them S3 encrypts under a bucket-wide context, the bucket's ARN; without
   * them, under each object's ARN, which a key policy can then grant one key prefix at a time.
   * @default true
   */
  readonly bucketKeyEnabled?: boolean;
}

/**
 * An S3 bucket for Terraform state: versioned, encrypted with a customer-managed KMS key,
 * closed to the public, TLS only, and pruned of old state versions.
 *
 * @example
 * new StateBucket(stack, "state", {
 *   name: "terraform-state",
 *   bucketName: "acme-tfstate-123456789012-eu-west-1",
 *   kmsKeyAliasName: "alias/acme-terraform-state",
 * });
 */
export class StateBucket extends NamingScope {
  public readonly bucket: S3Bucket;
  public readonly kmsKey: KmsKey;
  public readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id, props);
    const noncurrentVersionRetentionDays =
      props.noncurrentVersionRetentionDays ?? DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS;
    const rules = STATE_BUCKET_RULES;
    checkTextRule(this.node.path, "bucketName", rules.bucketName, props.bucketName);
    checkTextRule(this.node.path, "kmsKeyAliasName", rules.kmsKeyAliasName, props.kmsKeyAliasName);
    checkNumberRule(this.node.path, "noncurrentVersionRetentionDays", rules.noncurrentVersionRetentionDays, noncurrentVersionRetentionDays);
    checkTextRule(this.node.path, "lockTableName", rules.lockTableName, props.lockTableName);
    checkTextRule(this.node.path, "accountRootArn", rules.accountRootArn, props.accountRootArn);

    this.kmsKey = new KmsKey(this, "key", {
      description: `Encrypts Terraform state in ${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: KMS_DELETION_WINDOW_IN_DAYS,
      policy: props.kmsKeyPolicyStatements?.length ? this.keyPolicy(props.kmsKeyPolicyStatements, props.accountRootArn).json : undefined,
      // Without the key every state version in the bucket is unreadable: as protected as the bucket.
      lifecycle: { preventDestroy: true },
    });
    if (props.kmsKeyPolicyStatements?.length) {
      acceptSecurityException(
        this.kmsKey,
        "CKV_AWS_1",
        "KMS's default key policy: kms:* for the account root hands the key's administration to the account's IAM " +
          "policies, and the key policy's resource * is the key itself; without it the key could become unmanageable",
      );
    }
    new KmsAlias(this, "key-alias", { name: props.kmsKeyAliasName, targetKeyId: this.kmsKey.keyId });

    // checkov CKV_AWS_18 (access logging) and CKV_AWS_144 (cross-region replication) are deliberately
    // not met: state is small, versioned and read only by Terraform; CloudTrail data events are the
    // audit trail a team enables account-wide, and a second region would be a second bucket to bootstrap.
    this.bucket = new S3Bucket(this, PRIMARY_RESOURCE_ID, {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    const bucket = this.bucket.id;

    new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.kmsKey.arn },
          bucketKeyEnabled: props.bucketKeyEnabled ?? true,
        },
      ],
    });
    new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-superseded-state",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentVersionRetentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS }],
        },
      ],
    });

    const tlsOnly = new DataAwsIamPolicyDocument(this, "tls-only", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          actions: ["s3:*"],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          principals: [{ type: "*", identifiers: ["*"] }],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        ...(props.bucketPolicyStatements ?? []),
      ],
    });
    new S3BucketPolicy(this, "policy", { bucket, policy: tlsOnly.json });

    if (props.lockTableName) {
      this.lockTable = new DynamodbTable(this, "locks", {
        name: props.lockTableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "LockID",
        attribute: [{ name: "LockID", type: "S" }],
        serverSideEncryption: { enabled: true, kmsKeyArn: this.kmsKey.arn },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
      });
    }
  }

  /** The default key policy's statement (the account's IAM decides), then the grants given. */
  private keyPolicy(statements: readonly DataAwsIamPolicyDocumentStatement[], accountRootArn: string | undefined): DataAwsIamPolicyDocument {
    // Its form is checked with the other props (state-bucket-rules.ts); here, that it is given.
    if (!accountRootArn) {
      throw new Error(`${this.node.path}: accountRootArn must be given with kmsKeyPolicyStatements: the key policy's first statement names the bucket's account`);
    }
    return new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        {
          sid: "KeyAdministrationByItsAccount",
          effect: "Allow",
          actions: ["kms:*"],
          resources: ["*"],
          principals: [{ type: "AWS", identifiers: [accountRootArn] }],
        },
        ...statements,
      ],
    });
  }
}
