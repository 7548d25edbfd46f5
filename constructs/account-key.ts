import type { Construct } from "constructs";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { acceptSecurityException } from "./security-exception";

export interface AccountKeyProps {
  readonly description: string;
  readonly accountId: string;
  readonly partition: string;
  /** Grants beyond the account's administration, for services that encrypt with the key. */
  readonly serviceStatements?: readonly DataAwsIamPolicyDocumentStatement[];
}

/**
 * A customer-managed KMS key, rotated yearly, on KMS's default key policy: the account administers
 * it through IAM. Created in `scope` as `key` and `key-policy`, so it takes the scope's addresses
 * (`aws_kms_key.<scope>_key`).
 */
export function createAccountKey(scope: Construct, props: AccountKeyProps): KmsKey {
  const policy = new DataAwsIamPolicyDocument(scope, "key-policy", {
    statement: [
      {
        sid: "AccountAdministers",
        actions: ["kms:*"],
        resources: ["*"],
        principals: [{ type: "AWS", identifiers: [`arn:${props.partition}:iam::${props.accountId}:root`] }],
      },
      ...(props.serviceStatements ?? []),
    ],
  });
  const key = new KmsKey(scope, "key", {
    description: props.description,
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: policy.json,
  });
  acceptSecurityException(
    key,
    "CKV_AWS_1",
    "KMS's default key policy: kms:* for the account root hands the key's administration to the account's IAM " +
      "policies, and the key policy's resource * is the key itself; without it the key could become unmanageable",
  );
  return key;
}
