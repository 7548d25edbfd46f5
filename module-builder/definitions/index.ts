import type { ModuleDefinition } from "../module-definition";
import { alertTopicModule } from "./alert-topic";
import { canaryFunctionModule } from "./canary-function";
import { functionAlarmsModule } from "./function-alarms";
import { postgresDatabaseModule } from "./postgres-database";
import { stateBucketModule } from "./state-bucket";

/** Every construct published as a plain Terraform module, in terraform-modules/<name>/. */
export const MODULE_DEFINITIONS: readonly ModuleDefinition[] = [alertTopicModule, canaryFunctionModule, functionAlarmsModule, postgresDatabaseModule, stateBucketModule];
