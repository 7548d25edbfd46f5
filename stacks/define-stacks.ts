import type { App } from "cdktf";
import type { BuildArtifacts } from "../bundling/build";
import type { EnvironmentConfig, StateStoreConfig } from "../config/schema";
import { BootstrapStack } from "./bootstrap-stack";
import { ReadPathStack } from "./read-path-stack";

export interface AppStacks {
  readonly bootstrap: BootstrapStack;
  readonly environments: readonly ReadPathStack[];
}

/** The app's stacks: the state store's bootstrap, then one stack per environment (`huntaze-dev`, …). */
export function defineStacks(
  app: App,
  config: { readonly environments: readonly EnvironmentConfig[]; readonly stateStore: StateStoreConfig },
  artifacts: BuildArtifacts,
): AppStacks {
  const bootstrap = new BootstrapStack(app, `${config.stateStore.namePrefix}-bootstrap`, {
    stateStore: config.stateStore,
    environments: config.environments,
  });
  const environments = config.environments.map(
    (environment) =>
      new ReadPathStack(app, `${environment.namePrefix}-${environment.name}`, {
        environment,
        stateStore: config.stateStore,
        artifacts,
      }),
  );
  return { bootstrap, environments };
}
