/**
 * Who reaches which state, from the synthesized JSON alone: the bootstrap stack's bucket policy
 * and key policy, each environment's backend, and the CI roles' trust and state policies, run
 * through an IAM evaluator against the requests Terraform's S3 backend makes.
 */
import { loadAppConfig } from "../../config";
import { STATE_STORE } from "../../config/environments";
import { parseStateStore } from "../../config/load";
import { ciRoleStatePolicy, ciRoleTrustPolicy, GITHUB_OIDC_ISSUER, WORKSPACE_LIST_PREFIX } from "../../stacks/state-access";
import { ciRoleArns, LOCK_FILE_SUFFIX } from "../../stacks/state-store";
import { synthesizeAppStacks } from "../support/app-stacks";
import { ALLOW_EVERYTHING, evaluate, policyFromDocument, policyFromJson, type Policy, type Principal } from "../support/iam-policy-evaluator";
import type { TerraformJson } from "../support/synth";

const config = loadAppConfig();
const { bootstrap, environments } = synthesizeAppStacks();
const STATE_ACCOUNT = config.stateStore.accountId;
const REPOSITORY = "huntaze/read-path";

/** The policy document a resource's `policy` names (`${data.aws_iam_policy_document.<name>.json}`). */
function documentOf(json: TerraformJson, type: string): { name: string; document: { statement?: unknown } } {
  const [resource] = Object.values(json.resource?.[type] ?? {});
  const match = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(String(resource?.policy));
  if (!match) throw new Error(`${type} has no policy from an aws_iam_policy_document: ${String(resource?.policy)}`);
  return { name: match[1], document: json.data!.aws_iam_policy_document[match[1]] };
}

const bucket = Object.values(bootstrap.json.resource!.aws_s3_bucket)[0].bucket as string;
const bucketArn = `arn:aws:s3:::${bucket}`;
const references = {
  "aws_s3_bucket.terraform_state.arn": bucketArn,
  "aws_kms_key.terraform_state_key.arn": config.stateStore.kmsKeyArn!,
};
const bucketPolicy = policyFromDocument("bucket policy", documentOf(bootstrap.json, "aws_s3_bucket_policy").document, references);
const keyPolicy = policyFromDocument("key policy", documentOf(bootstrap.json, "aws_kms_key").document, references);

/** What one environment's backend names, read from its synthesized stack. */
interface Backend {
  readonly environment: string;
  readonly stateArn: string;
  readonly lockArn: string;
  readonly key: string;
  readonly prefix: string;
  readonly kmsKeyArn: string;
}
const backends: Backend[] = environments.map(({ stack, json }) => {
  const s3 = json.terraform.backend!.s3 as { bucket: string; key: string; kms_key_id: string };
  return {
    environment: stack.environment.name,
    stateArn: `arn:aws:s3:::${s3.bucket}/${s3.key}`,
    lockArn: `arn:aws:s3:::${s3.bucket}/${s3.key}${LOCK_FILE_SUFFIX}`,
    key: s3.key,
    prefix: s3.key.slice(0, s3.key.lastIndexOf("/") + 1),
    kmsKeyArn: s3.kms_key_id,
  };
});

interface BackendRequest {
  readonly what: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string>;
}

/** The S3 and KMS requests Terraform's S3 backend makes on one state: an apply's, or a plan's with -lock=false. */
function backendRequests(backend: Backend, mode: "apply" | "plan"): BackendRequest[] {
  const viaS3 = (object: string) => ({ "kms:ViaService": "s3.eu-west-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": object });
  const reads: BackendRequest[] = [
    // Backend.Workspaces: ListObjectsV2 under workspace_key_prefix ("env:") and a slash, at init and before each run.
    { what: "list workspaces", action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": WORKSPACE_LIST_PREFIX } },
    { what: "get the state", action: "s3:GetObject", resource: backend.stateArn, context: {} },
    { what: "decrypt the state", action: "kms:Decrypt", resource: backend.kmsKeyArn, context: viaS3(backend.stateArn) },
  ];
  if (mode === "plan") return reads;
  return [
    ...reads,
    { what: "put the state", action: "s3:PutObject", resource: backend.stateArn, context: {} },
    { what: "encrypt the state (data key)", action: "kms:GenerateDataKey", resource: backend.kmsKeyArn, context: viaS3(backend.stateArn) },
    { what: "encrypt the state", action: "kms:Encrypt", resource: backend.kmsKeyArn, context: viaS3(backend.stateArn) },
    { what: "get the lock", action: "s3:GetObject", resource: backend.lockArn, context: {} },
    { what: "put the lock", action: "s3:PutObject", resource: backend.lockArn, context: {} },
    { what: "delete the lock", action: "s3:DeleteObject", resource: backend.lockArn, context: {} },
    { what: "encrypt the lock", action: "kms:GenerateDataKey", resource: backend.kmsKeyArn, context: viaS3(backend.lockArn) },
    { what: "decrypt the lock", action: "kms:Decrypt", resource: backend.kmsKeyArn, context: viaS3(backend.lockArn) },
  ];
}

/**
 * What of one environment's state another could touch: every request of an apply but the
 * workspace listing (the same `env:/` for every environment: it lists names, of no environment's
 * state), and listings of its prefix and key.
 */
const ownedBy = (backend: Backend): BackendRequest[] => [
  ...backendRequests(backend, "apply").filter((request) => request.context["s3:prefix"] !== WORKSPACE_LIST_PREFIX),
  { what: "list its prefix", action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": backend.prefix } },
  { what: "list its state key", action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": backend.key } },
];

/** The writes a plan role must never make: the apply's requests that store or remove anything. */
const WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "kms:GenerateDataKey", "kms:Encrypt"];
const writes = (backend: Backend) => backendRequests(backend, "apply").filter((request) => WRITE_ACTIONS.includes(request.action));

function roleOf(environment: string, role: "deploy" | "plan"): Principal {
  const found = config.environments.find((candidate) => candidate.name === environment)!;
  return { arn: ciRoleArns(found)[role], account: found.accountId };
}

function decide(principal: Principal, request: BackendRequest, identity: Policy, extraContext: Record<string, string> = {}) {
  const decision = evaluate({
    principal,
    action: request.action,
    resource: request.resource,
    resourceAccount: STATE_ACCOUNT,
    identityPolicies: [identity],
    resourcePolicy: request.action.startsWith("kms:") ? keyPolicy : bucketPolicy,
    context: { ...request.context, ...extraContext },
  });
  return { request: `${request.what} (${request.action} ${request.resource})`, allowed: decision.allowed, why: decision.explanation };
}

/** The identity policies an environment's account may give its role: the documented one, and everything. */
const identities = (environment: string, role: "deploy" | "plan"): Policy[] => {
  const found = config.environments.find((candidate) => candidate.name === environment)!;
  return [policyFromJson(`${environment} ${role}'s state policy`, ciRoleStatePolicy(config.stateStore, found, role) as never), ALLOW_EVERYTHING];
};

describe("state across accounts: each environment reaches its own state and nothing of the others'", () => {
  it("reads every environment from a different account than the state's, with the key named by ARN", () => {
    expect(backends.map((backend) => backend.environment)).toEqual(["dev", "staging", "prod"]);
    for (const backend of backends) {
      expect(backend.kmsKeyArn).toBe(config.stateStore.kmsKeyArn);
      expect(backend.kmsKeyArn).toMatch(/^arn:aws:kms:eu-west-1:444444444444:key\//);
      expect(roleOf(backend.environment, "deploy").account).not.toBe(STATE_ACCOUNT);
    }
  });

  it.each(backends.map((backend) => [backend.environment, backend] as const))("lets %s's deploy role apply with its own state: object, lock and key", (environment, backend) => {
    for (const identity of identities(environment, "deploy")) {
      const denied = [...backendRequests(backend, "apply"), ...ownedBy(backend)].map((request) => decide(roleOf(environment, "deploy"), request, identity)).filter((result) => !result.allowed);
      expect({ identity: identity.name, denied }).toEqual({ identity: identity.name, denied: [] });
    }
  });

  it.each(backends.map((backend) => [backend.environment, backend] as const))("lets %s's plan role read its own state, and write none of it", (environment, backend) => {
    for (const identity of identities(environment, "plan")) {
      const plan = backendRequests(backend, "plan").map((request) => decide(roleOf(environment, "plan"), request, identity));
      const written = writes(backend).map((request) => decide(roleOf(environment, "plan"), request, identity));
      expect({ identity: identity.name, denied: plan.filter((result) => !result.allowed) }).toEqual({ identity: identity.name, denied: [] });
      expect({ identity: identity.name, allowed: written.filter((result) => result.allowed) }).toEqual({ identity: identity.name, allowed: [] });
    }
  });

  it.each(backends.map((backend) => [backend.environment] as const))("denies %s's roles every request on another environment's state, even with every IAM permission in their account", (environment) => {
    for (const other of backends.filter((backend) => backend.environment !== environment)) {
      for (const role of ["deploy", "plan"] as const) {
        for (const identity of identities(environment, role)) {
          const allowed = ownedBy(other).map((request) => decide(roleOf(environment, role), request, identity)).filter((result) => result.allowed);
          expect({ role: `${environment} ${role}`, state: other.environment, identity: identity.name, allowed }).toEqual({ role: `${environment} ${role}`, state: other.environment, identity: identity.name, allowed: [] });
        }
      }
    }
  });

  it("denies any other principal of an environment's account, whatever its IAM permissions", () => {
    const dev = backends[0];
    const stranger: Principal = { arn: "arn:aws:iam::111111111111:role/huntaze-mock-read-execution", account: "111111111111" };
    const allowed = [...backendRequests(dev, "apply"), ...ownedBy(dev)].map((request) => decide(stranger, request, ALLOW_EVERYTHING)).filter((result) => result.allowed);
    expect(allowed).toEqual([]);
  });

  it("denies its own state to a deploy role that asks without TLS, by an explicit deny", () => {
    const dev = backends[0];
    const request = backendRequests(dev, "apply").find((candidate) => candidate.action === "s3:GetObject")!;
    const decision = evaluate({
      principal: roleOf("dev", "deploy"),
      action: request.action,
      resource: request.resource,
      resourceAccount: STATE_ACCOUNT,
      identityPolicies: [ALLOW_EVERYTHING],
      resourcePolicy: bucketPolicy,
      context: { "aws:SecureTransport": "false" },
    });
    expect(decision).toMatchObject({ allowed: false, reason: "explicit-deny", explanation: expect.stringContaining("DenyInsecureTransport") });
  });

  it("denies the key to a role that calls KMS itself rather than through S3", () => {
    const dev = backends[0];
    const decrypt = backendRequests(dev, "apply").find((request) => request.action === "kms:Decrypt")!;
    const direct = { ...decrypt, context: { "kms:EncryptionContext:aws:s3:arn": dev.stateArn } };
    expect(decide(roleOf("dev", "deploy"), direct, ALLOW_EVERYTHING).allowed).toBe(false);
  });

  it("would catch a grant widened past an environment's prefix, so the checks above can fail", () => {
    const widened: Policy = {
      ...bucketPolicy,
      statements: bucketPolicy.statements.map((statement) => ({ ...statement, resources: statement.resources?.map((resource) => resource.replace("/huntaze/dev/", "/huntaze/*")) })),
    };
    const staging = backends[1];
    const request = backendRequests(staging, "apply").find((candidate) => candidate.action === "s3:PutObject")!;
    const decision = evaluate({ principal: roleOf("dev", "deploy"), action: request.action, resource: request.resource, resourceAccount: STATE_ACCOUNT, identityPolicies: [ALLOW_EVERYTHING], resourcePolicy: widened });
    expect(decision).toMatchObject({ allowed: true, explanation: expect.stringContaining("HuntazeDevDeployReadsAndWritesItsState") });
  });

  it("refuses a state key ARN outside the state store's account, naming the field", () => {
    expect(() => parseStateStore({ ...STATE_STORE, kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" })).toThrow(
      "kmsKeyArn: must be a key in the state store's account and region (444444444444, eu-west-1), got 111111111111, eu-west-1",
    );
    expect(() => parseStateStore({ ...STATE_STORE, kmsKeyArn: "arn:aws:kms:eu-west-1:444444444444:alias/huntaze-terraform-state" })).toThrow("kmsKeyArn: must be a KMS key ARN");
  });

  it("needs the environment account's side too: without an identity Allow a deploy role reaches nothing", () => {
    const none: Policy = { name: "no policy", statements: [] };
    const allowed = backendRequests(backends[0], "apply").map((request) => decide(roleOf("dev", "deploy"), request, none)).filter((result) => result.allowed);
    expect(allowed).toEqual([]);
  });
});

describe("the CI roles' trust: which GitHub jobs become which role", () => {
  const assume = (environment: string, role: "deploy" | "plan", subject: string, audience = "sts.amazonaws.com") => {
    const found = config.environments.find((candidate) => candidate.name === environment)!;
    const provider: Principal = { type: "Federated", arn: `arn:aws:iam::${found.accountId}:oidc-provider/${GITHUB_OIDC_ISSUER}`, account: found.accountId };
    return evaluate({
      principal: provider,
      action: "sts:AssumeRoleWithWebIdentity",
      resource: ciRoleArns(found)[role],
      resourceAccount: found.accountId,
      identityPolicies: [],
      resourcePolicy: policyFromJson(`${environment} ${role} trust`, ciRoleTrustPolicy(found, role, REPOSITORY) as never),
      context: { [`${GITHUB_OIDC_ISSUER}:sub`]: subject, [`${GITHUB_OIDC_ISSUER}:aud`]: audience },
    }).allowed;
  };

  it("lets only a job in the environment's own GitHub environment deploy", () => {
    expect(assume("prod", "deploy", `repo:${REPOSITORY}:environment:prod`)).toBe(true);
    expect(assume("prod", "deploy", `repo:${REPOSITORY}:environment:staging`)).toBe(false);
    expect(assume("prod", "deploy", `repo:${REPOSITORY}:ref:refs/heads/main`)).toBe(false);
    expect(assume("prod", "deploy", `repo:${REPOSITORY}:pull_request`)).toBe(false);
    expect(assume("prod", "deploy", `repo:someone/fork:environment:prod`)).toBe(false);
    expect(assume("prod", "deploy", `repo:${REPOSITORY}:environment:prod`, "another-audience")).toBe(false);
  });

  it("lets pull requests and main plan, and nothing else", () => {
    expect(assume("prod", "plan", `repo:${REPOSITORY}:pull_request`)).toBe(true);
    expect(assume("prod", "plan", `repo:${REPOSITORY}:ref:refs/heads/main`)).toBe(true);
    expect(assume("prod", "plan", `repo:${REPOSITORY}:ref:refs/heads/feature`)).toBe(false);
    expect(assume("prod", "plan", `repo:someone/fork:pull_request`)).toBe(false);
  });

  it("refuses a repository that is not owner/name, naming it", () => {
    expect(() => ciRoleTrustPolicy(config.environments[0], "plan", "read-path")).toThrow('repository must be owner/name as GitHub spells it, got "read-path"');
  });
});
