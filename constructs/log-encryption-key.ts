import type { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { createAccountKey } from "./account-key";
import { NamingScope } from "./naming-scope";

/** Props of LogEncryptionKey. */
export interface LogEncryptionKeyProps {
  /** Names the key's Terraform addresses (`aws_kms_key.<name>_key`). */
  readonly name: string;
  /** The key's alias, without `alias/`. */
  readonly aliasName: string;
  /**
   * The log groups CloudWatch Logs may encrypt with the key, by name (a trailing `*` matches a
   * prefix, for groups named after an id known only at apply, like API Gateway's execution logs).
   */
  readonly logGroupNames: readonly string[];
  readonly accountId: string;
  readonly region: string;
  /** The AWS partition (`aws`), for ARNs. */
  readonly partition: string;
}

/**
 * A customer-managed KMS key for log groups that hold identifiers of creators and fans: CloudWatch
 * Logs may use it for exactly the named log groups (the encryption context it sends names the
 * group), so another group in the account cannot be encrypted with it, and revoking the key makes
 * the logs unreadable.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export class LogEncryptionKey extends NamingScope {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id, props);
    const logGroupArn = (name: string) => `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group:${name}`;
    this.key = createAccountKey(this, {
      description: `Encrypts the log groups of ${props.aliasName}`,
      accountId: props.accountId,
      partition: props.partition,
      serviceStatements: [
        {
          sid: "CloudWatchLogsEncryptsTheseGroups",
          // AWS's documented grant (kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe*), as exact actions.
          actions: [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncryptFrom",
            "kms:ReEncryptTo",
            "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext",
            "kms:DescribeKey",
          ],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: [`logs.${props.region}.amazonaws.com`] }],
          condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: props.logGroupNames.map(logGroupArn) }],
        },
      ],
    });
    new KmsAlias(this, "alias", { name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
  }
}
