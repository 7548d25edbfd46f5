import { S3Backend, type TerraformStack } from "cdktf";
import { partitionOf } from "../config/aws-regions";
import type { EnvironmentConfig, StateStoreConfig } from "../config/schema";

/**
 * The names of the state store, derived in one place: the bootstrap stack creates these
 * resources and every environment's backend points at them, so the two can never disagree.
 */
export interface StateStoreNames {
  readonly bucketName: string;
  readonly kmsKeyAliasName: string;
  /** The alias as an ARN: a backend's `kms_key_id` cannot reference a resource. */
  readonly kmsKeyAliasArn: string;
  readonly lockTableName?: string;
}

export function stateStoreNames(store: StateStoreConfig): StateStoreNames {
  const kmsKeyAliasName = `alias/${store.namePrefix}-terraform-state`;
  return {
    // Account and region make the name globally unique, as S3 requires.
    bucketName: `${store.namePrefix}-tfstate-${store.accountId}-${store.region}`,
    kmsKeyAliasName,
    kmsKeyAliasArn: `arn:${partitionOf(store.region)}:kms:${store.region}:${store.accountId}:${kmsKeyAliasName}`,
    lockTableName: store.dynamodbLockTable ? `${store.namePrefix}-terraform-locks` : undefined,
  };
}

/** `huntaze/prod/terraform.tfstate`: one state per environment, never shared. */
export function stateKey(environment: Pick<EnvironmentConfig, "namePrefix" | "name">): string {
  return `${environment.namePrefix}/${environment.name}/terraform.tfstate`;
}

/** Terraform's S3-native lock file beside the state object (use_lockfile). */
export const LOCK_FILE_SUFFIX = ".tflock";

/**
 * The two roles CI assumes in an environment's account through GitHub's OIDC provider, by name:
 * the bootstrap stack grants them their environment's state, and the deployment guide creates them.
 * `deploy` applies (reads and writes its state); `plan` plans (reads its state, writes nothing).
 */
export function ciRoleArns(environment: Pick<EnvironmentConfig, "namePrefix" | "name" | "accountId" | "region">): { deploy: string; plan: string } {
  const base = `arn:${partitionOf(environment.region)}:iam::${environment.accountId}:role/${environment.namePrefix}-${environment.name}`;
  return { deploy: `${base}-deploy`, plan: `${base}-plan` };
}

/**
 * Points a stack at its own state in the shared bucket: encrypted with the store's KMS key and
 * locked by an S3 lock file (plus the DynamoDB table when the store has one).
 */
export function useRemoteState(stack: TerraformStack, store: StateStoreConfig, key: string): S3Backend {
  const names = stateStoreNames(store);
  const backend = new S3Backend(stack, {
    bucket: names.bucketName,
    key,
    region: store.region,
    encrypt: true,
    // Without a key id the backend would write state with SSE-S3, overriding the bucket's KMS default.
    // By ARN: S3 resolves an alias only for principals of the key's own account, and every
    // environment writes from an account of its own.
    kmsKeyId: store.kmsKeyArn ?? names.kmsKeyAliasArn,
    dynamodbTable: names.lockTableName,
  });
  // S3-native locking (Terraform 1.10+); cdktf 0.21's S3BackendConfig has no prop for it.
  backend.addOverride("use_lockfile", true);
  return backend;
}
