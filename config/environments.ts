import type { EnvironmentInput, StateStoreInput } from "./schema";

/**
 * The environments this app deploys, as data. Adding an environment is adding an entry here:
 * `main.ts` makes one stack per entry, with its own state key.
 *
 * The account ids, VPC, subnets and user pools below are placeholders in AWS's documentation
 * style; replace them with your own before the first deploy (see README, "Deploying").
 */
export const ENVIRONMENTS: readonly EnvironmentInput[] = [
  {
    name: "dev",
    accountId: "111111111111",
    region: "eu-west-1",
    tier: "non-production",
    tags: { owner: "read-path-team", costCenter: "cc-1042" },
    alerting: { emails: [] },
    functions: {
      mockRead: { memorySizeMb: 256, timeoutSeconds: 6, reservedConcurrency: 5 },
      prismaRead: { memorySizeMb: 512, timeoutSeconds: 6, reservedConcurrency: 5 },
    },
    // dev's traffic is too thin for a bake to judge anything.
    canary: { deploymentConfig: "CodeDeployDefault.LambdaAllAtOnce", bakeTimeMinutes: 0 },
    flag: {
      prismaRead: { mode: "percentage", percentage: 50 },
      rollout: { growthType: "LINEAR", growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 },
    },
    database: {
      instance: { source: "create", instanceClass: "db.t4g.micro", allocatedStorageGb: 20, engineVersion: "17" },
      vpcId: "vpc-0a1b2c3d4e5f60001",
      subnetIds: ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"],
      backupRetentionDays: 1,
      deletionProtection: false,
    },
    api: { authorizer: { userPoolArn: "arn:aws:cognito-idp:eu-west-1:111111111111:userpool/eu-west-1_DevPool01" } },
  },
  {
    name: "staging",
    accountId: "222222222222",
    region: "eu-west-1",
    tier: "non-production",
    tags: { owner: "read-path-team", costCenter: "cc-1042" },
    alerting: { emails: ["read-path-staging@huntaze.example"] },
    functions: {
      mockRead: { memorySizeMb: 512, timeoutSeconds: 6, reservedConcurrency: 20 },
      prismaRead: { memorySizeMb: 1024, timeoutSeconds: 6, reservedConcurrency: 20 },
    },
    canary: { deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes" },
    flag: {
      prismaRead: { mode: "percentage", percentage: 100 },
      rollout: { growthType: "LINEAR", growthFactorPercent: 50, deploymentDurationInMinutes: 4, finalBakeTimeInMinutes: 5 },
    },
    database: {
      instance: { source: "create", instanceClass: "db.t4g.medium", allocatedStorageGb: 50, engineVersion: "17" },
      vpcId: "vpc-0a1b2c3d4e5f60002",
      subnetIds: ["subnet-0a1b2c3d4e5f60021", "subnet-0a1b2c3d4e5f60022"],
      backupRetentionDays: 7,
    },
    api: { authorizer: { userPoolArn: "arn:aws:cognito-idp:eu-west-1:222222222222:userpool/eu-west-1_StgPool01" } },
  },
  {
    name: "prod",
    accountId: "333333333333",
    region: "eu-west-1",
    tier: "production",
    tags: { owner: "read-path-team", costCenter: "cc-1042" },
    alerting: { emails: ["read-path-oncall@huntaze.example"] },
    logRetentionInDays: 30,
    logEncryption: "customer-key",
    functions: {
      mockRead: { memorySizeMb: 1024, timeoutSeconds: 6, reservedConcurrency: 200 },
      prismaRead: { memorySizeMb: 1769, timeoutSeconds: 6, reservedConcurrency: 200 },
    },
    canary: {
      deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
      errorRateThresholdPercent: 2,
      p95DurationThresholdMs: 500,
      minimumRequestsPerPeriod: 10,
      bakeTimeMinutes: 10,
    },
    flag: {
      // The share grows by changing this number: AppConfig rolls it out 20 % every 2 minutes and bakes.
      prismaRead: { mode: "percentage", percentage: 10 },
      rollout: { growthType: "LINEAR", growthFactorPercent: 20, deploymentDurationInMinutes: 10, finalBakeTimeInMinutes: 10 },
    },
    database: {
      instance: { source: "adopt", instanceIdentifier: "huntaze-prod", instanceClass: "db.r6g.large", allocatedStorageGb: 200, engineVersion: "17", multiAz: true },
      vpcId: "vpc-0a1b2c3d4e5f60003",
      subnetIds: ["subnet-0a1b2c3d4e5f60031", "subnet-0a1b2c3d4e5f60032", "subnet-0a1b2c3d4e5f60033"],
      backupRetentionDays: 14,
      deletionProtection: true,
      performanceInsightsRetentionDays: 31,
    },
    api: {
      authorizer: { userPoolArn: "arn:aws:cognito-idp:eu-west-1:333333333333:userpool/eu-west-1_PrdPool01" },
      throttle: { rateLimitPerSecond: 500, burstLimit: 1000 },
    },
  },
];

/** Where every environment's state lives: one bucket in a shared account, created by the bootstrap stack. */
export const STATE_STORE: StateStoreInput = {
  accountId: "444444444444",
  region: "eu-west-1",
  tags: { owner: "platform-team", costCenter: "cc-1000" },
  noncurrentVersionRetentionDays: 90,
  dynamodbLockTable: false,
  // The bootstrap stack's output state_kms_key_arn, after its first apply (docs/deployment.md).
  kmsKeyArn: "arn:aws:kms:eu-west-1:444444444444:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
};
