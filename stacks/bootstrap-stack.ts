import { LocalBackend, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { partitionOf } from "../config/aws-regions";
import type { EnvironmentConfig, StateStoreConfig } from "../config/schema";
import { StableIdStack } from "../constructs/stable-id-stack";
import { StateBucket } from "../constructs/state-bucket";
import { addGuardedAwsProvider } from "./aws-provider";
import { stateAccessStatements } from "./state-access";
import { stateStoreNames } from "./state-store";

export interface BootstrapStackProps {
  readonly stateStore: StateStoreConfig;
  /**
   * The environments whose deploy and plan roles reach their own state (stacks/state-access.ts).
   * @default - none: only the state account reaches the bucket
   */
  readonly environments?: readonly EnvironmentConfig[];
}

/**
 * Creates the state store every environment stack keeps its state in.
 *
 * Its own state cannot live in the bucket it creates, so it is local: the file
 * `terraform.<stack id>.tfstate` at the project root (git-ignored). The path is relative to the
 * stack's working directory `cdktf.out/stacks/<stack id>`, so that synth output holds no
 * machine-specific path. Losing the file loses nothing: every name is derived from config, so
 * `terraform import` brings the resources back (see README, "Bootstrapping state").
 */
export class BootstrapStack extends StableIdStack {
  public readonly stateBucket: StateBucket;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { stateStore } = props;
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    addGuardedAwsProvider(this, {
      region: stateStore.region,
      accountId: stateStore.accountId,
      projectName: stateStore.namePrefix,
      environmentName: "shared",
      owner: stateStore.tags.owner,
      costCenter: stateStore.tags.costCenter,
    });

    const names = stateStoreNames(stateStore);
    const grants = stateAccessStatements(stateStore, props.environments ?? []);
    this.stateBucket = new StateBucket(this, "state-bucket", {
      name: "terraform-state",
      bucketName: names.bucketName,
      kmsKeyAliasName: names.kmsKeyAliasName,
      noncurrentVersionRetentionDays: stateStore.noncurrentVersionRetentionDays,
      lockTableName: names.lockTableName,
      bucketPolicyStatements: grants.bucket,
      kmsKeyPolicyStatements: grants.key,
      accountRootArn: `arn:${partitionOf(stateStore.region)}:iam::${stateStore.accountId}:root`,
      // Each object encrypted under its own ARN, so the key policy grants one prefix at a time.
      bucketKeyEnabled: false,
    });
    new TerraformOutput(this, "state_kms_key_arn", {
      value: this.stateBucket.kmsKey.arn,
      description: "The state KMS key's ARN: the state store's kmsKeyArn in config, which every backend names (S3 cannot use an alias across accounts).",
    });
  }
}
