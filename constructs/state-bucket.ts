import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
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
import { knownAtSynth } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";

export const DEFAULT_NONCURRENT_VERSION_RETENTION_DAYS = 90;
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
    const badRetention = !Number.isInteger(noncurrentVersionRetentionDays) || noncurrentVersionRetentionDays < 1;
    if (knownAtSynth(noncurrentVersionRetentionDays) && badRetention) {
      throw new Error(
        `${this.node.path}: noncurrentVersionRetentionDays must be a whole number of days above 0, got ${noncurrentVersionRetentionDays}`,
      );
    }
    if (knownAtSynth(props.kmsKeyAliasName) && !props.kmsKeyAliasName.startsWith("alias/")) {
      throw new Error(`${this.node.path}: kmsKeyAliasName must start with "alias/", got "${props.kmsKeyAliasName}"`);
    }

    this.kmsKey = new KmsKey(this, "key", {
      description: `Encrypts Terraform state in ${props.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: KMS_DELETION_WINDOW_IN_DAYS,
    });
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
          bucketKeyEnabled: true,
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
}
