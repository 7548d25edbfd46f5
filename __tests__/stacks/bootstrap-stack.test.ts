import { Testing } from "cdktf";
import { parseEnvironments, parseStateStore } from "../../config/load";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { useRemoteState } from "../../stacks/state-store";
import { validEnvironmentInput, validStateStoreInput } from "../support/environment-input";
import { onlyResource, stackWithAwsProvider, synthesize } from "../support/synth";

function synthesizeBootstrap(overrides = {}) {
  const stateStore = parseStateStore(validStateStoreInput(overrides));
  return synthesize(new BootstrapStack(Testing.app(), "huntaze-bootstrap", { stateStore }));
}

describe("BootstrapStack", () => {
  const json = synthesizeBootstrap();

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  it("keeps its own state locally, at a path relative to its working directory", () => {
    expect(json.terraform.backend).toEqual({ local: { path: "../../../terraform.huntaze-bootstrap.tfstate" } });
  });

  it("creates a versioned bucket encrypted with a rotating customer-managed KMS key", () => {
    expect(onlyResource(json, "aws_s3_bucket")).toMatchObject({
      bucket: "huntaze-tfstate-210987654321-eu-west-1",
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(onlyResource(json, "aws_kms_key").enable_key_rotation).toBe(true);
    expect(onlyResource(json, "aws_kms_alias").name).toBe("alias/huntaze-terraform-state");
    expect(onlyResource(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: "${aws_kms_key.terraform_state_key.arn}",
        },
        // No Bucket Keys: each object is encrypted under its own ARN, which the key policy grants by prefix.
        bucket_key_enabled: false,
      },
    ]);
  });

  it("protects its KMS key from destruction as it does the bucket", () => {
    expect(onlyResource(json, "aws_kms_key").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("grants environments their state in a key policy of its own, and prints the key's ARN for their backends", () => {
    const stateStore = parseStateStore(validStateStoreInput());
    const environments = [parseEnvironments([validEnvironmentInput()])[0]];
    const granted = synthesize(new BootstrapStack(Testing.app(), "huntaze-bootstrap", { stateStore, environments }));

    expect(onlyResource(granted, "aws_kms_key").policy).toBe("${data.aws_iam_policy_document.terraform_state_key_policy.json}");
    expect(granted.output).toEqual({ state_kms_key_arn: expect.objectContaining({ value: "${aws_kms_key.terraform_state_key.arn}" }) });
  });

  it("blocks every kind of public access", () => {
    expect(onlyResource(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("denies any request that does not use TLS, on the bucket and its objects", () => {
    const [document] = Object.values(json.data!.aws_iam_policy_document);
    const [statement] = document.statement as Array<Record<string, unknown>>;

    expect(statement).toMatchObject({
      effect: "Deny",
      actions: ["s3:*"],
      resources: ["${aws_s3_bucket.terraform_state.arn}", "${aws_s3_bucket.terraform_state.arn}/*"],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
    expect(onlyResource(json, "aws_s3_bucket_policy").policy).toBe(
      "${data.aws_iam_policy_document.terraform_state_tls_only.json}",
    );
  });

  it("expires superseded state versions after the configured number of days", () => {
    const [rule] = onlyResource(json, "aws_s3_bucket_lifecycle_configuration").rule as Array<Record<string, unknown>>;

    expect(rule.status).toBe("Enabled");
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    expect(synthesizeBootstrap({ noncurrentVersionRetentionDays: 30 }).resource!.aws_s3_bucket_lifecycle_configuration)
      .toMatchObject({ terraform_state_lifecycle: { rule: [{ noncurrent_version_expiration: [{ noncurrent_days: 30 }] }] } });
  });

  it("creates no DynamoDB lock table unless asked", () => {
    expect(json.resource!.aws_dynamodb_table).toBeUndefined();
  });

  it("creates an encrypted DynamoDB lock table for old Terraform, and backends use it", () => {
    const withTable = synthesizeBootstrap({ dynamodbLockTable: true });
    const stateStore = parseStateStore(validStateStoreInput({ dynamodbLockTable: true }));
    const consumer = stackWithAwsProvider("consumer");
    useRemoteState(consumer, stateStore, "huntaze/dev/terraform.tfstate");

    expect(onlyResource(withTable, "aws_dynamodb_table")).toMatchObject({
      name: "huntaze-terraform-locks",
      hash_key: "LockID",
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: true },
    });
    expect(synthesize(consumer).terraform.backend!.s3).toMatchObject({
      dynamodb_table: "huntaze-terraform-locks",
      use_lockfile: true,
    });
  });
});
