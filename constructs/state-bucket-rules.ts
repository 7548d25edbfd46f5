import type { NumberRule } from "./number-rule";
import type { TextRule } from "./text-rule";

/**
 * StateBucket's props: their rules and defaults, in one place. The construct checks them
 * (state-bucket.ts); the state-bucket module declares them as its inputs
 * (module-builder/definitions/state-bucket.ts); the state store's config (config/schema.ts) bounds
 * its retention with the same rule.
 */
export const STATE_BUCKET_RULES = {
  /** S3's rule for a bucket name, as far as a pattern says it (S3 refuses `..` and IP-address names itself). */
  bucketName: {
    pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
    must: "be 3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit",
  },
  /** KMS's rule for an alias; `alias/aws/` names AWS's own keys. */
  kmsKeyAliasName: { pattern: "^alias/[A-Za-z0-9/_-]+$", reservedPrefix: "alias/aws/", must: "look like alias/<name>, and not use the reserved alias/aws/ prefix" },
  /** Days a superseded state version is kept: S3 expires versions after a whole number of days, 1 at least. */
  noncurrentVersionRetentionDays: { min: 1, default: 90 },
  /** DynamoDB's rule for a table name. */
  lockTableName: { pattern: "^[A-Za-z0-9_.-]{3,255}$", must: "be 3-255 letters, digits, underscores, dots or hyphens (DynamoDB's rule)" },
  /** The key policy's first principal: the bucket's own account. */
  accountRootArn: { pattern: "^arn:aws[a-z-]*:iam::[0-9]{12}:root$", must: "be arn:<partition>:iam::<account id>:root" },
} as const satisfies Record<string, NumberRule | TextRule>;
