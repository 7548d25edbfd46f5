import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { acceptSecurityException } from "../../constructs/security-exception";
import { checkSecurityBaseline } from "../../security/baseline";
import { RULES, type TerraformDocument } from "../../security/rules";
import { synthesizeAppStacks } from "../support/app-stacks";
import { PROJECT_ROOT } from "../support/project-copy";
import { stackWithAwsProvider, synthesizeWithMetadata } from "../support/synth";

const { bootstrap, environments } = synthesizeAppStacks();
const everyStack = [bootstrap, ...environments].map(({ stack, written }) => ({ id: stack.node.id, json: written }));
const prod = environments.find(({ stack }) => stack.environment.name === "prod")!.written;
/** dev creates its database, with the security groups and TLS-only parameters an adopted one may keep out of. */
const dev = environments.find(({ stack }) => stack.environment.name === "dev")!.written;

/** A deep copy of the prod stack (or another) with one thing broken. */
function prodWith(mutate: (document: any) => void, stack: TerraformDocument = prod): TerraformDocument {
  const copy = structuredClone(stack);
  mutate(copy);
  return copy;
}

function firstOf(document: any, type: string): any {
  return Object.values(document.resource[type])[0];
}

describe("the security baseline", () => {
  it.each(everyStack.map(({ id, json }) => [id, json] as const))("%s has no finding", (_id, json) => {
    expect(checkSecurityBaseline(json).findings).toEqual([]);
  });

  it("accepts only the exceptions written beside their resources, each with its reason", () => {
    const accepted = everyStack.flatMap(({ id, json }) =>
      checkSecurityBaseline(json).accepted.map((exception) => `${id} ${exception.rule} ${exception.address}`),
    );

    expect(accepted.sort()).toEqual(
      [
        ...["huntaze-dev", "huntaze-prod", "huntaze-staging"].flatMap((id) => [
          `${id} CKV_AWS_1 data.aws_iam_policy_document.alerts_key_policy`,
          `${id} CKV_AWS_59 aws_api_gateway_method.read_api_health_get_method`,
        ]),
        // A created database has a key of its own; prod's adopted instance keeps its key.
        ...["huntaze-dev", "huntaze-staging"].map((id) => `${id} CKV_AWS_1 data.aws_iam_policy_document.database_key_policy`),
        // prod's adopted instance keeps the engine's TLS default until its config asks to force TLS.
        "huntaze-prod HUNTAZE_RDS_TLS_ONLY aws_db_instance.database",
        // Cost choices of the non-production environments' config, which production may not make.
        "huntaze-dev CKV_AWS_157 aws_db_instance.database",
        "huntaze-dev CKV_AWS_293 aws_db_instance.database",
        "huntaze-staging CKV_AWS_157 aws_db_instance.database",
        // The migrator is invoked synchronously only, by the deploy step, which reads its failure.
        // (prod's adopted instance keeps its own password, so prod has no migrator.)
        "huntaze-dev CKV_AWS_116 aws_lambda_function.db_migrator",
        "huntaze-staging CKV_AWS_116 aws_lambda_function.db_migrator",
        // The state key keeps KMS's default administration statement beside its grants to each environment.
        "huntaze-bootstrap CKV_AWS_1 data.aws_iam_policy_document.terraform_state_key_policy",
        // The log groups' encryption: a customer key in production, CloudWatch Logs' own elsewhere.
        "huntaze-prod CKV_AWS_1 data.aws_iam_policy_document.log_key_key_policy",
        ...["huntaze-dev", "huntaze-staging"].flatMap((id) =>
          ["canary_health_hook_logs", "db_migrator_logs", "mock_read_logs", "prisma_read_logs", "read_api_access_logs", "read_api_execution_logs"].map(
            (group) => `${id} CKV_AWS_158 aws_cloudwatch_log_group.${group}`,
          ),
        ),
      ].sort(),
    );
  });

  it("has every rule apply to something this project synthesizes", () => {
    const typesPresent = new Set(
      everyStack.flatMap(({ json }) => [
        ...Object.keys(json.resource ?? {}),
        ...Object.keys(json.data ?? {}).map((type) => `data.${type}`),
      ]),
    );

    expect(RULES.filter((rule) => !typesPresent.has(rule.type)).map((rule) => rule.id)).toEqual([]);
  });

  // Each rule, shown to fail on the prod stack with exactly the thing it guards removed.
  const breakages: Array<[rule: string, mutate: (document: any) => void]> = [
    ["CKV_AWS_50", (d) => delete firstOf(d, "aws_lambda_function").tracing_config],
    ["CKV_AWS_116", (d) => delete firstOf(d, "aws_lambda_function").dead_letter_config],
    ["CKV_AWS_115", (d) => delete firstOf(d, "aws_lambda_function").reserved_concurrent_executions],
    ["CKV_AWS_364", (d) => delete firstOf(d, "aws_lambda_permission").source_arn],
    ["CKV_AWS_27", (d) => delete firstOf(d, "aws_sqs_queue").sqs_managed_sse_enabled],
    ["CKV_AWS_26", (d) => delete firstOf(d, "aws_sns_topic").kms_master_key_id],
    ["CKV_AWS_66", (d) => delete firstOf(d, "aws_cloudwatch_log_group").retention_in_days],
    ["CKV_AWS_158", (d) => delete firstOf(d, "aws_cloudwatch_log_group").kms_key_id],
    ["CKV_AWS_7", (d) => (firstOf(d, "aws_kms_key").enable_key_rotation = false)],
    ["CKV_AWS_73", (d) => (firstOf(d, "aws_api_gateway_stage").xray_tracing_enabled = false)],
    ["CKV_AWS_76", (d) => delete firstOf(d, "aws_api_gateway_stage").access_log_settings],
    ["CKV2_AWS_4", (d) => (firstOf(d, "aws_api_gateway_method_settings").settings.logging_level = "OFF")],
    ["CKV_AWS_276", (d) => (firstOf(d, "aws_api_gateway_method_settings").settings.data_trace_enabled = true)],
    ["HUNTAZE_API_METRICS", (d) => (firstOf(d, "aws_api_gateway_method_settings").settings.metrics_enabled = false)],
    ["CKV_AWS_59", (d) => (d.resource.aws_api_gateway_method.read_api_proxy_method.authorization = "NONE")],
    ["CKV_AWS_1", (d) => d.data.aws_iam_policy_document.mock_read_execution_permissions.statement[0].actions.push("logs:*")],
    ["HUNTAZE_SERVICE_TRUST_SCOPED", (d) => delete d.data.aws_iam_policy_document.prisma_read_service_trust.statement[0].condition],
    ["CKV_AWS_111", (d) => (d.data.aws_iam_policy_document.mock_read_execution_permissions.statement[1].resources = ["*"])],
    ["CKV_AWS_16", (d) => (firstOf(d, "aws_db_instance").storage_encrypted = false)],
    ["CKV_AWS_17", (d) => (firstOf(d, "aws_db_instance").publicly_accessible = true)],
    ["CKV_AWS_118", (d) => (firstOf(d, "aws_db_instance").monitoring_interval = 0)],
    ["CKV_AWS_129", (d) => (firstOf(d, "aws_db_instance").enabled_cloudwatch_logs_exports = ["upgrade"])],
    ["CKV_AWS_161", (d) => delete firstOf(d, "aws_db_instance").iam_database_authentication_enabled],
    ["CKV_AWS_293", (d) => (firstOf(d, "aws_db_instance").deletion_protection = false)],
    ["CKV_AWS_157", (d) => (firstOf(d, "aws_db_instance").multi_az = false)],
    ["CKV_AWS_133", (d) => (firstOf(d, "aws_db_instance").backup_retention_period = 0)],
    ["CKV_AWS_353", (d) => (firstOf(d, "aws_db_instance").performance_insights_enabled = false)],
    ["CKV_AWS_354", (d) => delete firstOf(d, "aws_db_instance").performance_insights_kms_key_id],
    ["CKV_AWS_226", (d) => (firstOf(d, "aws_db_instance").auto_minor_version_upgrade = false)],
    ["CKV2_AWS_60", (d) => (firstOf(d, "aws_db_instance").copy_tags_to_snapshot = false)],
    // prod's adopted instance has an exception for it: without it, the rule finds the missing parameter.
    ["HUNTAZE_RDS_TLS_ONLY", (d) => delete firstOf(d, "aws_db_instance")["//"].security_exceptions.HUNTAZE_RDS_TLS_ONLY],
    ["HUNTAZE_RDS_SLOW_QUERY_LOG", (d) => (firstOf(d, "aws_db_parameter_group").parameter = firstOf(d, "aws_db_parameter_group").parameter.filter((p: any) => p.name !== "log_min_duration_statement"))],
  ];

  it.each(breakages)("finds a breach of %s", (rule, mutate) => {
    const findings = checkSecurityBaseline(prodWith(mutate)).findings;

    expect(findings.map((finding) => finding.rule)).toEqual([rule]);
  });

  // Rules on what only a created database has (prod's adopted instance keeps its own groups): shown on dev.
  const createdDatabaseBreakages: Array<[rule: string, mutate: (document: any) => void]> = [
    ["HUNTAZE_RDS_TLS_ONLY", (d) => (firstOf(d, "aws_db_parameter_group").parameter.find((p: any) => p.name === "rds.force_ssl").value = "0")],
    ["CKV_AWS_23", (d) => delete d.resource.aws_vpc_security_group_egress_rule.database_client_to_database.description],
    [
      "HUNTAZE_NO_WORLD_INGRESS",
      (d) => Object.assign(d.resource.aws_vpc_security_group_ingress_rule.database_from_clients, { cidr_ipv4: "0.0.0.0/0", referenced_security_group_id: undefined }),
    ],
    ["CKV_AWS_382", (d) => Object.assign(d.resource.aws_vpc_security_group_egress_rule.database_client_to_database, { ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" })],
  ];

  it.each(createdDatabaseBreakages)("finds a breach of %s on a created database", (rule, mutate) => {
    expect(checkSecurityBaseline(prodWith(mutate, dev)).findings.map((finding) => finding.rule)).toEqual([rule]);
  });

  it.each([
    ["CKV_AWS_21", "aws_s3_bucket_versioning", (block: any) => (block.versioning_configuration.status = "Suspended")],
    ["CKV_AWS_145", "aws_s3_bucket_server_side_encryption_configuration", (block: any) => (block.rule[0].apply_server_side_encryption_by_default.sse_algorithm = "AES256")],
    ["CKV2_AWS_6", "aws_s3_bucket_public_access_block", (block: any) => (block.restrict_public_buckets = false)],
  ])("finds a breach of %s on the state bucket", (rule, type, mutate) => {
    const broken: any = structuredClone(bootstrap.written);
    mutate(firstOf(broken, type));

    expect(checkSecurityBaseline(broken).findings.map((finding) => finding.rule)).toEqual([rule]);
  });

  it("lets an exception excuse one rule on one resource, and nothing else", () => {
    const stack = stackWithAwsProvider();
    const excused = new SqsQueue(stack, "excused", { name: "excused" });
    new SqsQueue(stack, "plain", { name: "plain" });
    acceptSecurityException(excused, "CKV_AWS_27", "a test queue that holds no data at all");

    const report = checkSecurityBaseline(synthesizeWithMetadata(stack));

    expect(report.accepted).toEqual([
      { rule: "CKV_AWS_27", address: "aws_sqs_queue.excused", reason: "a test queue that holds no data at all" },
    ]);
    expect(report.findings.map((finding) => finding.address)).toEqual(["aws_sqs_queue.plain"]);
  });

  it("refuses an exception without a real reason, or on a data source, which cdktf would drop", () => {
    const stack = stackWithAwsProvider();
    const queue = new SqsQueue(stack, "queue", { name: "queue" });
    const document = new DataAwsIamPolicyDocument(stack, "document", {});

    expect(() => acceptSecurityException(queue, "CKV_AWS_27", "because")).toThrow(
      'stack/queue: exception to CKV_AWS_27 needs a reason a reviewer can judge, got "because"',
    );
    expect(() => acceptSecurityException(queue, "ckv-27", "a perfectly good reason")).toThrow(/rule id must look like CKV_AWS_59/);
    expect(() => acceptSecurityException(document, "CKV_AWS_1", "a perfectly good reason")).toThrow(
      "stack/document: record the exception on the resource that uses this data source",
    );
  });

  it("runs as npm run check:security over synthesized stacks, failing on a finding", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "huntaze-security-"));
    const write = (stack: string, document: unknown) => {
      mkdirSync(join(outdir, "stacks", stack), { recursive: true });
      writeFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), JSON.stringify(document));
    };
    const run = () =>
      promisify(execFile)(process.execPath, [join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/check-security.ts", outdir], {
        cwd: PROJECT_ROOT,
      });
    write("huntaze-prod", prod);

    const passed = await run();
    expect(passed.stdout).toMatch(/accepted huntaze-prod: CKV_AWS_59 aws_api_gateway_method\.read_api_health_get_method: a public route/);
    expect(passed.stdout).toMatch(/0 finding\(s\)/);

    write("huntaze-prod", prodWith((d) => delete d.resource.aws_lambda_function.mock_read.tracing_config));
    await expect(run()).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/FAIL huntaze-prod: CKV_AWS_50 aws_lambda_function\.mock_read: tracing_config\.mode is not Active/),
    });
  });
});
