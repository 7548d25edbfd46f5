/**
 * The security baseline: checkov's rules (ids kept, so findings map to its documentation) for the
 * resource types this project synthesizes, checked over Terraform JSON. A rule returns what is
 * wrong with one resource, or nothing.
 *
 * Not adopted, on purpose:
 * - CKV_AWS_338 (log retention of a year or more): 30 days is the product's choice for function
 *   and API logs; CKV_AWS_66 below still requires a retention on every group.
 * - CKV_AWS_158 (log groups encrypted with a customer key): CloudWatch Logs encrypts every group;
 *   a customer key is an option of each construct (logKmsKeyArn).
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
  principals?: unknown[];
}

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
];
