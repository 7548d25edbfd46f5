import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { partitionOf } from "../config/aws-regions";
import type { EnvironmentConfig, StateStoreConfig } from "../config/schema";
import { ciRoleArns, LOCK_FILE_SUFFIX, stateKey, stateStoreNames } from "./state-store";

/**
 * Which environment may reach which state, as the state store's resource policies say it.
 *
 * Every environment runs in an account of its own and its backend reaches the state account's
 * bucket directly, with the credentials CI (or a person) runs Terraform with. No role in the state
 * account is assumed: a saved plan carries its backend's settings, and with a role among them the
 * apply of a plan made by the plan role would write state as the plan role; without one, the plan
 * role plans and the deploy role applies the same saved plan. A request from another account needs an Allow on both sides; these are the
 * state side's, one set per environment, naming its own deploy and plan roles and its own objects:
 * - the deploy role reads and writes its state object and its lock file;
 * - the plan role reads its state object only (plans run with `-lock=false`);
 * - both list their own key prefix (and `env:/`, where the backend looks for workspaces);
 * - the KMS key encrypts (deploy) or decrypts (both) only for S3, and only under the encryption
 *   context of an object under the environment's own prefix (the bucket encrypts each object
 *   under its own ARN: no Bucket Keys).
 * Principals are named as the environment's account with `aws:PrincipalArn`, not as role ARNs: a
 * policy naming a role that does not exist yet is refused, and a role recreated under the same
 * name keeps its grant.
 */
export interface StateAccessStatements {
  readonly bucket: DataAwsIamPolicyDocumentStatement[];
  readonly key: DataAwsIamPolicyDocumentStatement[];
}

/** `HuntazeDev`: a prefix and an environment's name as IAM statement ids allow them (letters and digits). */
function sidPart(environment: Pick<EnvironmentConfig, "namePrefix" | "name">): string {
  return `${environment.namePrefix}-${environment.name}`
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** The state object, its lock file and its prefix, as S3 ARNs and keys. */
export function stateObjects(store: StateStoreConfig, environment: Pick<EnvironmentConfig, "namePrefix" | "name">) {
  const bucketArn = `arn:${partitionOf(store.region)}:s3:::${stateStoreNames(store).bucketName}`;
  const key = stateKey(environment);
  const prefix = key.slice(0, key.lastIndexOf("/") + 1);
  return {
    bucketArn,
    key,
    lockKey: `${key}${LOCK_FILE_SUFFIX}`,
    prefix,
    stateArn: `${bucketArn}/${key}`,
    lockArn: `${bucketArn}/${key}${LOCK_FILE_SUFFIX}`,
    prefixArn: `${bucketArn}/${prefix}*`,
  };
}

/** Where the S3 backend lists workspaces (workspace_key_prefix, "env:", and a slash). */
export const WORKSPACE_LIST_PREFIX = "env:/";

export function stateAccessStatements(store: StateStoreConfig, environments: readonly EnvironmentConfig[]): StateAccessStatements {
  const bucket: DataAwsIamPolicyDocumentStatement[] = [];
  const key: DataAwsIamPolicyDocumentStatement[] = [];
  for (const environment of environments) {
    const sid = sidPart(environment);
    const roles = ciRoleArns(environment);
    const objects = stateObjects(store, environment);
    const account = [{ type: "AWS", identifiers: [`arn:${partitionOf(environment.region)}:iam::${environment.accountId}:root`] }];
    const principal = (arns: string[]) => ({ test: "ArnEquals", variable: "aws:PrincipalArn", values: arns });
    const ownObjects = { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [objects.prefixArn] };
    const throughS3 = { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${store.region}.amazonaws.com`] };

    bucket.push(
      {
        sid: `${sid}DeployReadsAndWritesItsState`,
        effect: "Allow",
        principals: account,
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: [objects.stateArn],
        condition: [principal([roles.deploy])],
      },
      {
        sid: `${sid}DeployLocksItsState`,
        effect: "Allow",
        principals: account,
        actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        resources: [objects.lockArn],
        condition: [principal([roles.deploy])],
      },
      {
        sid: `${sid}PlanReadsItsState`,
        effect: "Allow",
        principals: account,
        actions: ["s3:GetObject"],
        resources: [objects.stateArn],
        condition: [principal([roles.plan])],
      },
      {
        sid: `${sid}ListsItsPrefix`,
        effect: "Allow",
        principals: account,
        actions: ["s3:ListBucket"],
        resources: [objects.bucketArn],
        condition: [
          principal([roles.deploy, roles.plan]),
          { test: "StringLike", variable: "s3:prefix", values: [objects.key, `${objects.prefix}*`, WORKSPACE_LIST_PREFIX] },
        ],
      },
    );
    key.push(
      {
        sid: `${sid}DeployEncryptsItsState`,
        effect: "Allow",
        principals: account,
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        condition: [principal([roles.deploy]), throughS3, ownObjects],
      },
      {
        sid: `${sid}PlanDecryptsItsState`,
        effect: "Allow",
        principals: account,
        actions: ["kms:Decrypt"],
        resources: ["*"],
        condition: [principal([roles.plan]), throughS3, ownObjects],
      },
    );
  }
  return { bucket, key };
}

/** A CI role policy asked for with input it cannot be made from; the message says what was wrong. */
export class CiRolePolicyError extends Error {
  public readonly code = "CI_ROLE_POLICY";

  constructor(message: string) {
    super(message);
    this.name = "CiRolePolicyError";
  }
}

/** An IAM policy document as `aws iam` takes it. */
export interface IamPolicyJson {
  readonly Version: "2012-10-17";
  readonly Statement: ReadonlyArray<Record<string, unknown>>;
}

/** GitHub's OIDC issuer, as IAM names its condition keys. */
export const GITHUB_OIDC_ISSUER = "token.actions.githubusercontent.com";

/** `owner/name`, as GitHub spells it in an OIDC token's subject. */
const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

/**
 * The trust policy of an environment's CI role, for GitHub's OIDC provider in its account:
 * - `deploy` only for a job of this repository running in the GitHub environment of the same name,
 *   which its protection rules (required reviewers, main only) hold until approved;
 * - `plan` for this repository's pull requests and for main (the deploy workflow's plan job, which
 *   runs in no environment); it can write nothing, so a pull request's code may run with it.
 */
export function ciRoleTrustPolicy(environment: Pick<EnvironmentConfig, "name" | "accountId" | "region">, role: "deploy" | "plan", repository: string): IamPolicyJson {
  if (!REPOSITORY.test(repository)) throw new CiRolePolicyError(`repository must be owner/name as GitHub spells it, got "${repository}"`);
  const subjects = role === "deploy" ? [`repo:${repository}:environment:${environment.name}`] : [`repo:${repository}:pull_request`, `repo:${repository}:ref:refs/heads/main`];
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: role === "deploy" ? "GitHubDeployJobsOfThisEnvironment" : "GitHubPullRequestsAndMain",
        Effect: "Allow",
        Principal: { Federated: `arn:${partitionOf(environment.region)}:iam::${environment.accountId}:oidc-provider/${GITHUB_OIDC_ISSUER}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { [`${GITHUB_OIDC_ISSUER}:aud`]: "sts.amazonaws.com", [`${GITHUB_OIDC_ISSUER}:sub`]: subjects },
        },
      },
    ],
  };
}

/**
 * The identity side of a CI role's access to its state (the state account's policies are the
 * other side): deploy reads and writes its state and lock file, plan reads its state.
 */
export function ciRoleStatePolicy(store: StateStoreConfig, environment: Pick<EnvironmentConfig, "namePrefix" | "name">, role: "deploy" | "plan"): IamPolicyJson {
  if (!store.kmsKeyArn) throw new CiRolePolicyError("the state store has no kmsKeyArn: apply the bootstrap stack and set it from its output state_kms_key_arn");
  const objects = stateObjects(store, environment);
  const statements: Array<Record<string, unknown>> = [
    {
      Sid: "ListItsPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: objects.bucketArn,
      Condition: { StringLike: { "s3:prefix": [objects.key, `${objects.prefix}*`, WORKSPACE_LIST_PREFIX] } },
    },
    role === "deploy"
      ? { Sid: "ReadAndWriteItsState", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: objects.stateArn }
      : { Sid: "ReadItsState", Effect: "Allow", Action: "s3:GetObject", Resource: objects.stateArn },
  ];
  if (role === "deploy") {
    statements.push({ Sid: "LockItsState", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: objects.lockArn });
  }
  statements.push({
    Sid: role === "deploy" ? "EncryptAndDecryptItsState" : "DecryptItsState",
    Effect: "Allow",
    Action: role === "deploy" ? ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"] : "kms:Decrypt",
    Resource: store.kmsKeyArn,
    Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": objects.prefixArn } },
  });
  return { Version: "2012-10-17", Statement: statements };
}
