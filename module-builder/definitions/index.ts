import type { ModuleDefinition } from "../module-definition";
import { alertTopicModule } from "./alert-topic";
import { apiGatewayLoggingRoleModule } from "./api-gateway-logging-role";
import { canaryFunctionModule } from "./canary-function";
import { candidateFallbackAlarmModule } from "./candidate-fallback-alarm";
import { functionAlarmsModule } from "./function-alarms";
import { lambdaProxyApiModule } from "./lambda-proxy-api";
import { postgresDatabaseModule } from "./postgres-database";
import { readPathDashboardModule } from "./read-path-dashboard";
import { readPathFlagModule } from "./read-path-flag";
import { shadowAlarmModule } from "./shadow-alarm";
import { stateBucketModule } from "./state-bucket";

/** Every construct published as a plain Terraform module, in terraform-modules/<name>/. */
export const MODULE_DEFINITIONS: readonly ModuleDefinition[] = [
  alertTopicModule,
  apiGatewayLoggingRoleModule,
  canaryFunctionModule,
  candidateFallbackAlarmModule,
  functionAlarmsModule,
  lambdaProxyApiModule,
  postgresDatabaseModule,
  readPathDashboardModule,
  readPathFlagModule,
  shadowAlarmModule,
  stateBucketModule,
];
