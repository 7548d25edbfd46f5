import type { ModuleDefinition } from "../module-definition";
import { alertTopicModule } from "./alert-topic";
import { functionAlarmsModule } from "./function-alarms";

/** Every construct published as a plain Terraform module, in terraform-modules/<name>/. */
export const MODULE_DEFINITIONS: readonly ModuleDefinition[] = [alertTopicModule, functionAlarmsModule];
