import { StateBucket } from "../../constructs/state-bucket";
import { STATE_BUCKET_RULES } from "../../constructs/state-bucket-rules";
import type { ModuleDefinition } from "../module-definition";
import { numberRuleInput } from "./number-rule-input";
import { textRuleInput } from "./text-rule-input";

export const stateBucketModule: ModuleDefinition = {
  name: "state-bucket",
  construct: "StateBucket",
  summary: `
An S3 bucket for Terraform state, as the read path keeps its own: versioned, encrypted with a
customer-managed KMS key that rotates yearly (with an alias for backend configurations), closed to
every kind of public access, owner-enforced (no ACLs), TLS only, superseded state versions expired
after a retention period, and \`prevent_destroy\` on both the bucket and its key (without the key no
state version can be read).

Lock state with S3-native lock files (\`use_lockfile = true\` in the S3 backend, Terraform 1.10+): no
DynamoDB table is needed, so this module creates none.

The bucket's own state cannot live in it: apply this module from a root with local state (or
another backend), once per account.`,
  usage: `
module "terraform_state" {
  source = "../../state-bucket"

  bucket_name        = "acme-tfstate-123456789012-eu-west-1"
  kms_key_alias_name = "alias/acme-terraform-state"
}

# Then, in every other root module:
#   backend "s3" {
#     bucket       = "acme-tfstate-123456789012-eu-west-1"
#     key          = "orders/prod/terraform.tfstate"
#     region       = "eu-west-1"
#     encrypt      = true
#     kms_key_id   = "alias/acme-terraform-state"
#     use_lockfile = true
#   }`,

  define(stack) {
    // Rules, defaults and messages are the construct's (state-bucket-rules.ts).
    const rules = STATE_BUCKET_RULES;
    const bucketName = stack.input(
      "bucket_name",
      textRuleInput("bucket_name", rules.bucketName, "The bucket's globally unique name; account and region in it keep it unique (acme-tfstate-<account>-<region>)."),
    );
    const aliasName = stack.input(
      "kms_key_alias_name",
      textRuleInput("kms_key_alias_name", rules.kmsKeyAliasName, "The alias of the KMS key that encrypts state (alias/...), for the backends' kms_key_id."),
    );
    const retention = stack.input(
      "noncurrent_version_retention_days",
      numberRuleInput(
        "noncurrent_version_retention_days",
        rules.noncurrentVersionRetentionDays,
        "Days a superseded state version is kept (to recover from a bad apply) before S3 expires it.",
      ),
    );

    const state = new StateBucket(stack, "this", {
      name: "this",
      bucketName: bucketName.stringValue,
      kmsKeyAliasName: aliasName.stringValue,
      noncurrentVersionRetentionDays: retention.numberValue,
    });

    stack.output("state_bucket_name", { value: state.bucket.bucket, description: "The bucket's name: the S3 backend's bucket." });
    stack.output("state_bucket_arn", { value: state.bucket.arn, description: "The bucket's ARN, for the policies of the roles that plan and apply." });
    stack.output("state_bucket_kms_key_arn", {
      value: state.kmsKey.arn,
      description: "The KMS key's ARN: roles that read state need kms:Decrypt on it, roles that write it kms:GenerateDataKey too.",
    });
    stack.output("state_bucket_kms_key_alias", { value: aliasName.stringValue, description: "The key's alias: the S3 backend's kms_key_id." });
  },
};
