/**
 * The reusable building blocks of Huntaze's read path, for any cdktf (TypeScript) app:
 * `import { CanaryFunction, StableIdStack } from "huntaze-read-path/constructs"`.
 *
 * Every construct here is a `NamingScope`: its Terraform addresses come from its `name` prop
 * (`aws_lambda_function.<name>`), so they survive refactoring when the construct sits in a
 * `StableIdStack`. The same blocks exist as plain Terraform modules in `terraform-modules/`.
 */
export { AlertTopic, type AlertTopicProps } from "./alert-topic";
export { ALERT_TOPIC_RULES } from "./alert-topic-rules";
export { ApiGatewayLoggingRole, type ApiGatewayLoggingRoleProps } from "./api-gateway-logging-role";
export { API_GATEWAY_LOGGING_ROLE_RULES } from "./api-gateway-logging-role-rules";
export { type AwsLocation } from "./aws-location";
export {
  CanaryDeployment,
  type CanaryDeploymentProps,
  type CustomDeploymentConfig,
  DEFAULT_MAX_WAIT_SECONDS,
  ROLLBACK_EVENTS,
} from "./canary-deployment";
export {
  CanaryFunction,
  type CanaryAlarmTarget,
  type CanaryFunctionProps,
  type CanaryHookTargets,
  type FunctionCode,
  type FunctionVpc,
  DEFAULT_HANDLER,
  DEFAULT_LOG_RETENTION_IN_DAYS,
  DEFAULT_MAXIMUM_EVENT_AGE_IN_SECONDS,
  DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
  DEFAULT_RUNTIME,
  LIVE_ALIAS_NAME,
} from "./canary-function";
export { CANARY_FUNCTION_NAME_RULE, CANARY_FUNCTION_RULES, DEFAULT_DEPLOYMENT_CONFIG_NAME } from "./canary-function-rules";
export { CandidateFallbackAlarm, type CandidateFallbackAlarmProps } from "./candidate-fallback-alarm";
export { CANDIDATE_FALLBACK_ALARM_RULES } from "./candidate-fallback-alarm-rules";
export {
  FunctionAlarms,
  type FunctionAlarmsProps,
  guardedLatencyExpression,
  guardedRateExpression,
  DEFAULT_ALARM_PERIOD_SECONDS,
  DEFAULT_MINIMUM_REQUESTS,
} from "./function-alarms";
export { FUNCTION_ALARMS_RULES } from "./function-alarms-rules";
export { type PolicyStatement } from "./iam-policy";
export { LambdaProxyApi, type LambdaProxyApiProps, type PublicRoute, ACCESS_LOG_FORMAT } from "./lambda-proxy-api";
export { POLICY_STATEMENT_RULES } from "./iam-policy-rules";
export { LAMBDA_PROXY_API_RULES } from "./lambda-proxy-api-rules";
export { NamingScope, type NamingScopeProps, PRIMARY_RESOURCE_ID } from "./naming-scope";
export { CLOUDWATCH_LOG_RETENTION_DAYS, LOG_RETENTION_RULE, type NumberRule, numberRuleText } from "./number-rule";
export { PostgresDatabase, type PostgresDatabaseProps, POSTGRES_PORT } from "./postgres-database";
export { POSTGRES_DATABASE_RULES } from "./postgres-database-rules";
export { ReadPathDashboard, type ReadPathDashboardProps, type DashboardFunction } from "./read-path-dashboard";
export { READ_PATH_DASHBOARD_RULES } from "./read-path-dashboard-rules";
export {
  ReadPathFlag,
  type ReadPathFlagProps,
  type PrismaReadFlagValue,
  type FlagRollout,
  featureFlagDocument,
  FLAG_PROFILE_NAME,
} from "./read-path-flag";
export { FLAG_ROLLOUT_GROWTH_TYPES, READ_PATH_FLAG_RULES, rolloutStrategyName } from "./read-path-flag-rules";
export { ShadowAlarm, type ShadowAlarmProps, shadowDriftExpression } from "./shadow-alarm";
export { SHADOW_ALARM_RULES } from "./shadow-alarm-rules";
export { StableIdStack, stableLogicalId } from "./stable-id-stack";
export { StateBucket, type StateBucketProps } from "./state-bucket";
export { STATE_BUCKET_RULES } from "./state-bucket-rules";
export { REQUIRED_TERRAFORM_VERSION, requireTerraformVersion } from "./terraform-version";
export { awsNameRule, type ListRule, type TextRule, textRuleText } from "./text-rule";
export { acceptSecurityException } from "./security-exception";
