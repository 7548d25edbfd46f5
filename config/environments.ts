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
    // A few developers at once: half of 2 reads/s waiting 2 s for the candidate keep 2 of the 5 instances busy.
    traffic: { peakReadsPerSecond: 2 },
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
      // db.t4g.micro allows about 80 connections (RDS's default max_connections for 1 GiB); 5 × 2 are the read path's.
      connectionLimit: 20,
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
    // Load tests reach 5 reads/s: all of them waiting 2 s for the candidate keep 10 of the 20 instances busy.
    traffic: { peakReadsPerSecond: 5 },
    flag: {
      prismaRead: { mode: "percentage", percentage: 100 },
      rollout: { growthType: "LINEAR", growthFactorPercent: 50, deploymentDurationInMinutes: 4, finalBakeTimeInMinutes: 5 },
    },
    database: {
      instance: { source: "create", instanceClass: "db.t4g.medium", allocatedStorageGb: 50, engineVersion: "17" },
      vpcId: "vpc-0a1b2c3d4e5f60002",
      subnetIds: ["subnet-0a1b2c3d4e5f60021", "subnet-0a1b2c3d4e5f60022"],
      backupRetentionDays: 7,
      // db.t4g.medium allows about 400 connections; 20 × 2 are the read path's, the rest stay free for load tests and admins.
      connectionLimit: 100,
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
    // The API's measured peak is 500 reads/s (its throttle below). The candidate's budget is 2 s (its
    // 500 ms p95 target × 4): 10 % of 500 reads/s waiting 2 s keep 100 control instances busy, the
    // other 90 % at 0.1 s keep 45; 145 of the 200 reserved. At 20 % it would be 240: raise
    // functions.mockRead.reservedConcurrency with the share (config validation says by how much).
    traffic: { peakReadsPerSecond: 500 },
    flag: {
      // The share grows by changing this number: AppConfig rolls it out 20 % every 2 minutes and bakes.
      prismaRead: { mode: "percentage", percentage: 10 },
      rollout: { growthType: "LINEAR", growthFactorPercent: 20, deploymentDurationInMinutes: 10, finalBakeTimeInMinutes: 10 },
    },
    database: {
      // The instance that serves Huntaze today, adopted as it is (docs/deployment.md, "Adopting an
      // existing database"): its facts below are copied from `aws rds describe-db-instances
      // --db-instance-identifier huntaze-prod`, and nothing that would disturb its clients changes
      // until a disruptive change is asked for here.
      instance: {
        source: "adopt",
        instanceIdentifier: "huntaze-prod",
        instanceClass: "db.r6g.large",
        allocatedStorageGb: 200,
        engineVersion: "17",
        multiAz: true,
        existing: {
          kmsKeyArn: "arn:aws:kms:eu-west-1:333333333333:key/5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
          subnetGroupName: "huntaze-prod-db",
          securityGroupIds: ["sg-0a1b2c3d4e5f60031"],
          clientSecurityGroupIds: ["sg-0a1b2c3d4e5f60032"],
          masterPasswordManaged: false,
        },
        disruptiveChanges: { enforceTls: false, manageMasterPassword: false, securityGroups: "keep" },
      },
      databaseName: "huntaze",
      masterUsername: "huntaze_admin",
      vpcId: "vpc-0a1b2c3d4e5f60003",
      subnetIds: ["subnet-0a1b2c3d4e5f60031", "subnet-0a1b2c3d4e5f60032", "subnet-0a1b2c3d4e5f60033"],
      backupRetentionDays: 14,
      deletionProtection: true,
      performanceInsightsRetentionDays: 31,
      // db.r6g.large allows about 1,700 connections (RDS's default max_connections for 16 GiB); the
      // application's writers keep most of them. 200 prisma-read instances × 2 = 400 fit in 500.
      connectionLimit: 500,
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
