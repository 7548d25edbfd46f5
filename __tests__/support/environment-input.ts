import { ConfigError, parseEnvironments } from "../../config/load";
import type { EnvironmentInput, StateStoreInput } from "../../config/schema";

/** A valid production environment that each test bends in one place. */
export function validEnvironmentInput(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    name: "prod",
    accountId: "123456789012",
    region: "eu-west-1",
    tier: "production",
    tags: { owner: "team", costCenter: "cc-1" },
    alerting: { emails: ["oncall@example.com"] },
    logEncryption: "customer-key",
    functions: {},
    traffic: { peakReadsPerSecond: 10 },
    database: {
      instance: {
        source: "adopt",
        instanceIdentifier: "huntaze-prod",
        instanceClass: "db.t4g.medium",
        allocatedStorageGb: 50,
        engineVersion: "17",
        multiAz: true,
        existing: {
          kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
          subnetGroupName: "huntaze-prod-db",
          securityGroupIds: ["sg-0123456789abcdef0"],
          clientSecurityGroupIds: ["sg-0123456789abcdef1"],
          masterPasswordManaged: false,
        },
      },
      databaseName: "huntaze",
      masterUsername: "huntaze_admin",
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      connectionLimit: 100,
    },
    api: { authorizer: { userPoolArn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc123" } },
    ...overrides,
  };
}

export function validStateStoreInput(overrides: Partial<StateStoreInput> = {}): StateStoreInput {
  return {
    accountId: "210987654321",
    region: "eu-west-1",
    tags: { owner: "platform", costCenter: "cc-0" },
    ...overrides,
  };
}

/** What config validation says is wrong with one environment's input: nothing when it is accepted. */
export function environmentProblems(input: unknown): readonly string[] {
  try {
    parseEnvironments([input]);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
