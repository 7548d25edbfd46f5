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
    database: {
      instance: { source: "adopt", instanceIdentifier: "huntaze-prod", instanceClass: "db.t4g.medium", allocatedStorageGb: 50, engineVersion: "17", multiAz: true },
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
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
