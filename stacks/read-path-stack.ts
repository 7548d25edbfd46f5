import type { Construct } from "constructs";
import type { EnvironmentConfig, StateStoreConfig } from "../config/schema";
import { StableIdStack } from "../constructs/stable-id-stack";
import { addGuardedAwsProvider } from "./aws-provider";
import { stateKey, useRemoteState } from "./state-store";

export interface ReadPathStackProps {
  readonly environment: EnvironmentConfig;
  readonly stateStore: StateStoreConfig;
}

/** Everything one environment runs for Huntaze's read path, with its own remote state. */
export class ReadPathStack extends StableIdStack {
  public readonly environment: EnvironmentConfig;

  constructor(scope: Construct, id: string, props: ReadPathStackProps) {
    super(scope, id);
    const { environment } = props;
    this.environment = environment;

    useRemoteState(this, props.stateStore, stateKey(environment));
    addGuardedAwsProvider(this, {
      region: environment.region,
      accountId: environment.accountId,
      projectName: environment.namePrefix,
      environmentName: environment.name,
      owner: environment.tags.owner,
      costCenter: environment.tags.costCenter,
    });
  }
}
