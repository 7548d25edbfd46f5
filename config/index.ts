import { ENVIRONMENTS, STATE_STORE } from "./environments";
import { parseEnvironments, parseStateStore } from "./load";
import type { EnvironmentConfig, StateStoreConfig } from "./schema";

export interface AppConfig {
  readonly environments: readonly EnvironmentConfig[];
  readonly stateStore: StateStoreConfig;
}

/** The project's configuration, validated: a ConfigError names the environment and field at fault. */
export function loadAppConfig(): AppConfig {
  return { environments: parseEnvironments(ENVIRONMENTS), stateStore: parseStateStore(STATE_STORE) };
}
