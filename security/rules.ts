/**
 * The security baseline: checkov's rules (ids kept, so findings map to its documentation) for the
 * resource types this project synthesizes, checked over Terraform JSON. A rule returns what is
 * wrong with one resource, or nothing.
 *
 * Not adopted, on purpose:
 * - CKV_AWS_338 (log retention of a year or more): 30 days is the product's choice for function
 *   and API logs; CKV_AWS_66 below still requires a retention on every group.
 * - CKV2_AWS_30 (query logging, as checkov reads it: log_statement): logging every statement would
 *   put creator data in the logs; slow statements are logged (HUNTAZE_RDS_SLOW_QUERY_LOG below).
 */

export type TerraformBlock = Record<string, any>;

export interface TerraformDocument {
  readonly resource?: Record<string, Record<string, TerraformBlock>>;
  readonly data?: Record<string, Record<string, TerraformBlock>>;
}

export interface RuleContext {
  readonly document: TerraformDocument;
  /** `aws_s3_bucket.state`: how other blocks refer to this one is `${<address>.<attribute>}`. */
  readonly address: string;
}

export interface Rule {
  readonly id: string;
  readonly title: string;
  /** `aws_lambda_function`, or `data.aws_iam_policy_document` for a data source. */
  readonly type: string;
  check(block: TerraformBlock, context: RuleContext): string | undefined;
}

/** Actions that have no resource-level permissions, so `*` is the only resource they accept. */
export const RESOURCELESS_ACTIONS = new Set([
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "cloudwatch:PutMetricData",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  // The Service Authorization Reference gives CodeDeploy's deployment-target reads no resource type.
  "codedeploy:ListDeploymentTargets",
  "codedeploy:GetDeploymentTarget",
]);

/** Blocks of a type that refer to the given block by one of its attributes. */
function referrers(context: RuleContext, type: string, attribute: string): TerraformBlock[] {
  const reference = new RegExp(`^\\$\\{${context.address.replace(/\./g, "\\.")}\\.(id|bucket|arn)\\}$`);
  return Object.values(context.document.resource?.[type] ?? {}).filter((block) => reference.test(String(block[attribute])));
}

interface Statement {
  sid?: string;
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: Array<{ type?: string; identifiers?: string[] }>;
  condition?: Array<{ test?: string; variable?: string; values?: string[] }>;
}

/**
 * Services whose trust takes no source condition. Lambda assumes an execution role only for a
 * function whose configuration names it, which only this account can set (iam:PassRole): no
 * confused deputy to guard against. API Gateway puts no aws:SourceAccount in its AssumeRole
 * requests, so a condition would deny it (constructs/api-gateway-logging-role.ts says more).
 */
const SERVICES_WITHOUT_SOURCE_CONDITIONS = new Set(["lambda.amazonaws.com", "apigateway.amazonaws.com"]);

/** The block a `${type.name.attribute}` reference points at, in the same document. */
function referenced(context: RuleContext, reference: unknown, type: string): TerraformBlock | undefined {
  const match = new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.\\w+\\}$`).exec(String(reference));
  return match ? context.document.resource?.[type]?.[match[1]] : undefined;
}

const OPEN_TO_THE_WORLD = new Set(["0.0.0.0/0", "::/0"]);
/** Ports checkov forbids opening to the world: SSH, RDP, HTTP (CKV_AWS_24, _25, _260). */
const ADMIN_PORTS = [22, 3389, 80];

const statements = (document: TerraformBlock): Statement[] => (document.statement ?? []) as Statement[];
const isAllow = (statement: Statement) => (statement.effect ?? "Allow") === "Allow";
const named = (statement: Statement) => (statement.sid ? `statement "${statement.sid}"` : "a statement");

export const RULES: readonly Rule[] = [
  {
    id: "CKV_AWS_50",
    title: "Lambda functions have X-Ray active tracing",
    type: "aws_lambda_function",
    check: (fn) => (fn.tracing_config?.mode === "Active" ? undefined : "tracing_config.mode is not Active"),
  },
  {
    id: "CKV_AWS_116",
    title: "Lambda functions have a dead-letter queue",
    type: "aws_lambda_function",
    check: (fn) => (fn.dead_letter_config?.target_arn ? undefined : "no dead_letter_config.target_arn"),
  },
  {
    id: "CKV_AWS_115",
    title: "Lambda functions have reserved concurrency",
    type: "aws_lambda_function",
    check: (fn) =>
      typeof fn.reserved_concurrent_executions === "number" && fn.reserved_concurrent_executions >= 0
        ? undefined
        : "reserved_concurrent_executions is not set",
  },
  {
    id: "CKV_AWS_364",
    title: "Lambda permissions for AWS services are scoped by source ARN or account",
    type: "aws_lambda_permission",
    check: (permission) =>
      !String(permission.principal).endsWith(".amazonaws.com") || permission.source_arn || permission.source_account
        ? undefined
        : `${permission.principal} may invoke from any source: set source_arn`,
  },
  {
    id: "CKV_AWS_27",
    title: "SQS queues are encrypted",
    type: "aws_sqs_queue",
    check: (queue) => (queue.sqs_managed_sse_enabled === true || queue.kms_master_key_id ? undefined : "no server-side encryption"),
  },
  {
    id: "CKV_AWS_26",
    title: "SNS topics are encrypted with KMS",
    type: "aws_sns_topic",
    check: (topic) => (topic.kms_master_key_id ? undefined : "no kms_master_key_id"),
  },
  {
    id: "CKV_AWS_66",
    title: "Log groups have a retention",
    type: "aws_cloudwatch_log_group",
    check: (group) =>
      typeof group.retention_in_days === "number" && group.retention_in_days > 0 ? undefined : "logs are kept forever",
  },
  {
    id: "CKV_AWS_158",
    title: "Log groups are encrypted with a customer-managed KMS key",
    type: "aws_cloudwatch_log_group",
    check: (group) => (group.kms_key_id ? undefined : "encrypted with CloudWatch Logs' own key, not a customer key"),
  },
  {
    id: "CKV_AWS_7",
    title: "KMS keys rotate",
    type: "aws_kms_key",
    check: (key) => (key.enable_key_rotation === true ? undefined : "enable_key_rotation is not true"),
  },
  {
    id: "CKV_AWS_73",
    title: "API Gateway stages have X-Ray tracing",
    type: "aws_api_gateway_stage",
    check: (stage) => (stage.xray_tracing_enabled === true ? undefined : "xray_tracing_enabled is not true"),
  },
  {
    id: "CKV_AWS_76",
    title: "API Gateway stages write access logs",
    type: "aws_api_gateway_stage",
    check: (stage) =>
      stage.access_log_settings?.destination_arn && stage.access_log_settings?.format ? undefined : "no access_log_settings",
  },
  {
    id: "CKV2_AWS_4",
    title: "API Gateway method settings set a logging level",
    type: "aws_api_gateway_method_settings",
    check: (settings) =>
      ["ERROR", "INFO"].includes(settings.settings?.logging_level) ? undefined : "logging_level is not ERROR or INFO",
  },
  {
    id: "CKV_AWS_276",
    title: "API Gateway data tracing is off (it logs request and response bodies)",
    type: "aws_api_gateway_method_settings",
    check: (settings) => (settings.settings?.data_trace_enabled === true ? "data_trace_enabled is true" : undefined),
  },
  {
    id: "HUNTAZE_API_METRICS",
    title: "API Gateway method settings publish CloudWatch metrics",
    type: "aws_api_gateway_method_settings",
    check: (settings) => (settings.settings?.metrics_enabled === true ? undefined : "metrics_enabled is not true"),
  },
  {
    id: "CKV_AWS_59",
    title: "API Gateway methods require authorization",
    type: "aws_api_gateway_method",
    check: (method) =>
      method.authorization !== "NONE" || method.api_key_required === true
        ? undefined
        : `${method.http_method} is open to anyone (authorization NONE)`,
  },
  {
    id: "CKV_AWS_1",
    title: "IAM policies allow no wildcard action",
    type: "data.aws_iam_policy_document",
    check: (document) => {
      const wildcards = statements(document)
        .filter(isAllow)
        .flatMap((statement) => (statement.actions ?? []).filter((action) => action.includes("*")).map((action) => `${named(statement)} allows "${action}"`));
      return wildcards.length > 0 ? wildcards.join("; ") : undefined;
    },
  },
  {
    id: "HUNTAZE_SERVICE_TRUST_SCOPED",
    title: "A service role's trust names the account (and resource) the service acts for: aws:SourceAccount or aws:SourceArn",
    type: "data.aws_iam_policy_document",
    check: (document) => {
      const unscoped = statements(document)
        .filter((statement) => isAllow(statement) && (statement.actions ?? []).includes("sts:AssumeRole"))
        .flatMap((statement) => {
          const services = (statement.principals ?? [])
            .filter((principal) => principal.type === "Service")
            .flatMap((principal) => principal.identifiers ?? [])
            .filter((service) => !SERVICES_WITHOUT_SOURCE_CONDITIONS.has(service));
          const scoped = (statement.condition ?? []).some(
            (condition) => (condition.variable === "aws:SourceAccount" || condition.variable === "aws:SourceArn") && (condition.values ?? []).length > 0,
          );
          return services.length > 0 && !scoped ? [`${named(statement)} lets ${services.join(", ")} assume the role for any account`] : [];
        });
      return unscoped.length > 0 ? unscoped.join("; ") : undefined;
    },
  },
  {
    id: "CKV_AWS_111",
    title: "Identity policies use `*` resources only for actions that have no resource-level permissions",
    type: "data.aws_iam_policy_document",
    check: (document) => {
      const broad = statements(document)
        // In a resource policy (with principals) "*" means the resource the policy is attached to.
        .filter((statement) => isAllow(statement) && !statement.principals && (statement.resources ?? []).includes("*"))
        .flatMap((statement) =>
          (statement.actions ?? []).filter((action) => !RESOURCELESS_ACTIONS.has(action)).map((action) => `${named(statement)} allows "${action}" on *`),
        );
      return broad.length > 0 ? broad.join("; ") : undefined;
    },
  },
  {
    id: "CKV_AWS_21",
    title: "S3 buckets are versioned",
    type: "aws_s3_bucket",
    check: (_bucket, context) =>
      referrers(context, "aws_s3_bucket_versioning", "bucket").some(
        (versioning) => versioning.versioning_configuration?.status === "Enabled",
      )
        ? undefined
        : "no aws_s3_bucket_versioning with status Enabled",
  },
  {
    id: "CKV_AWS_145",
    title: "S3 buckets are encrypted with KMS by default",
    type: "aws_s3_bucket",
    check: (_bucket, context) =>
      referrers(context, "aws_s3_bucket_server_side_encryption_configuration", "bucket").some((encryption) =>
        (encryption.rule ?? []).some(
          (rule: TerraformBlock) => rule.apply_server_side_encryption_by_default?.sse_algorithm === "aws:kms",
        ),
      )
        ? undefined
        : "no default aws:kms encryption",
  },
  {
    id: "CKV2_AWS_6",
    title: "S3 buckets block every kind of public access",
    type: "aws_s3_bucket",
    check: (_bucket, context) =>
      referrers(context, "aws_s3_bucket_public_access_block", "bucket").some(
        (block) =>
          block.block_public_acls === true &&
          block.block_public_policy === true &&
          block.ignore_public_acls === true &&
          block.restrict_public_buckets === true,
      )
        ? undefined
        : "no public access block with all four settings true",
  },
  {
    id: "CKV_AWS_16",
    title: "RDS instances encrypt their storage",
    type: "aws_db_instance",
    check: (db) => (db.storage_encrypted === true ? undefined : "storage_encrypted is not true"),
  },
  {
    id: "CKV_AWS_17",
    title: "RDS instances are not publicly accessible",
    type: "aws_db_instance",
    check: (db) => (db.publicly_accessible === true ? "publicly_accessible is true" : undefined),
  },
  {
    id: "CKV_AWS_118",
    title: "RDS instances have enhanced monitoring",
    type: "aws_db_instance",
    check: (db) => (Number(db.monitoring_interval) > 0 && db.monitoring_role_arn ? undefined : "no monitoring_interval with a monitoring_role_arn"),
  },
  {
    id: "CKV_AWS_129",
    title: "RDS instances export their logs to CloudWatch",
    type: "aws_db_instance",
    check: (db) => ((db.enabled_cloudwatch_logs_exports ?? []).includes("postgresql") ? undefined : "the postgresql log is not exported"),
  },
  {
    id: "CKV_AWS_161",
    title: "RDS instances allow IAM database authentication",
    type: "aws_db_instance",
    check: (db) => (db.iam_database_authentication_enabled === true ? undefined : "iam_database_authentication_enabled is not true"),
  },
  {
    id: "CKV_AWS_293",
    title: "RDS instances have deletion protection",
    type: "aws_db_instance",
    check: (db) => (db.deletion_protection === true ? undefined : "deletion_protection is not true"),
  },
  {
    id: "CKV_AWS_157",
    title: "RDS instances are Multi-AZ",
    type: "aws_db_instance",
    check: (db) => (db.multi_az === true ? undefined : "multi_az is not true"),
  },
  {
    id: "CKV_AWS_133",
    title: "RDS instances keep automated backups",
    type: "aws_db_instance",
    check: (db) => (Number(db.backup_retention_period) >= 1 ? undefined : "backup_retention_period is below 1 day"),
  },
  {
    id: "CKV_AWS_353",
    title: "RDS instances have Performance Insights",
    type: "aws_db_instance",
    check: (db) => (db.performance_insights_enabled === true ? undefined : "performance_insights_enabled is not true"),
  },
  {
    id: "CKV_AWS_354",
    title: "RDS Performance Insights are encrypted with a customer key",
    type: "aws_db_instance",
    check: (db) => (db.performance_insights_kms_key_id ? undefined : "no performance_insights_kms_key_id"),
  },
  {
    id: "CKV_AWS_226",
    title: "RDS instances take minor engine upgrades",
    type: "aws_db_instance",
    check: (db) => (db.auto_minor_version_upgrade === false ? "auto_minor_version_upgrade is false" : undefined),
  },
  {
    id: "CKV2_AWS_60",
    title: "RDS instances copy their tags to snapshots",
    type: "aws_db_instance",
    check: (db) => (db.copy_tags_to_snapshot === true ? undefined : "copy_tags_to_snapshot is not true"),
  },
  {
    id: "HUNTAZE_RDS_TLS_ONLY",
    title: "PostgreSQL instances accept TLS connections only (parameter group rds.force_ssl = 1)",
    type: "aws_db_instance",
    check: (db, context) => {
      const group = referenced(context, db.parameter_group_name, "aws_db_parameter_group");
      if (!group) return "no parameter group of this stack";
      const forceSsl = (group.parameter ?? []).find((parameter: TerraformBlock) => parameter.name === "rds.force_ssl");
      return String(forceSsl?.value) === "1" ? undefined : "its parameter group does not set rds.force_ssl = 1";
    },
  },
  {
    id: "HUNTAZE_RDS_SLOW_QUERY_LOG",
    title: "PostgreSQL instances log slow statements (log_min_duration_statement)",
    type: "aws_db_instance",
    check: (db, context) => {
      const group = referenced(context, db.parameter_group_name, "aws_db_parameter_group");
      const setting = (group?.parameter ?? []).find((parameter: TerraformBlock) => parameter.name === "log_min_duration_statement");
      return setting && Number(setting.value) >= 0 ? undefined : "its parameter group does not set log_min_duration_statement";
    },
  },
  {
    id: "CKV_AWS_23",
    title: "Security groups describe themselves",
    type: "aws_security_group",
    check: (group) => (group.description ? undefined : "no description"),
  },
  {
    id: "CKV_AWS_23",
    title: "Security group rules describe themselves",
    type: "aws_vpc_security_group_ingress_rule",
    check: (rule) => (rule.description ? undefined : "no description"),
  },
  {
    id: "CKV_AWS_23",
    title: "Security group rules describe themselves",
    type: "aws_vpc_security_group_egress_rule",
    check: (rule) => (rule.description ? undefined : "no description"),
  },
  {
    // Stricter than checkov's CKV_AWS_24, _25 and _260 (SSH, RDP, HTTP from anywhere): nothing here
    // is meant to be reached from the internet except through API Gateway.
    id: "HUNTAZE_NO_WORLD_INGRESS",
    title: "No security group admits the whole internet, on any port",
    type: "aws_vpc_security_group_ingress_rule",
    check: (rule) => {
      if (!OPEN_TO_THE_WORLD.has(rule.cidr_ipv4) && !OPEN_TO_THE_WORLD.has(rule.cidr_ipv6)) return undefined;
      const ports = ADMIN_PORTS.filter((port) => rule.ip_protocol === "-1" || (rule.from_port <= port && port <= rule.to_port));
      return `ingress from ${rule.cidr_ipv4 ?? rule.cidr_ipv6}${ports.length > 0 ? ` including port ${ports.join(", ")}` : ""}`;
    },
  },
  {
    id: "CKV_AWS_382",
    title: "No egress to the whole internet on every port and protocol",
    type: "aws_vpc_security_group_egress_rule",
    check: (rule) =>
      rule.ip_protocol === "-1" && (OPEN_TO_THE_WORLD.has(rule.cidr_ipv4) || OPEN_TO_THE_WORLD.has(rule.cidr_ipv6))
        ? "all traffic to the whole internet"
        : undefined,
  },
];
