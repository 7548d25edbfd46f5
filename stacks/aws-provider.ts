import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";

export interface GuardedAwsProviderProps {
  readonly region: string;
  /** The only account this provider may act in: a plan with credentials for any other fails at once. */
  readonly accountId: string;
  readonly projectName: string;
  readonly environmentName: string;
  readonly owner: string;
  readonly costCenter: string;
}

/** The AWS provider, pinned to one account and tagging everything it creates. */
export function addGuardedAwsProvider(scope: Construct, props: GuardedAwsProviderProps): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: props.region,
    allowedAccountIds: [props.accountId],
    defaultTags: [
      {
        tags: {
          project: props.projectName,
          environment: props.environmentName,
          "managed-by": "cdktf",
          owner: props.owner,
          "cost-center": props.costCenter,
        },
      },
    ],
  });
}
