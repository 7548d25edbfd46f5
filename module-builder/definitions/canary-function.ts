import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Fn, Op, TerraformIterator, Token } from "cdktf";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { bundleCanaryDeployScript, CANARY_DEPLOY_FILE } from "../../bundling/deploy-script";
import { BUILD_DIR } from "../../bundling/build";
import { CanaryFunction, DEFAULT_HANDLER, DEFAULT_RUNTIME, LIVE_ALIAS_NAME } from "../../constructs/canary-function";
import { CANARY_FUNCTION_NAME_RULE, CANARY_FUNCTION_RULES, DEFAULT_DEPLOYMENT_CONFIG_NAME } from "../../constructs/canary-function-rules";
import { POLICY_STATEMENT_RULES } from "../../constructs/iam-policy-rules";
import type { ModuleDefinition } from "../module-definition";
import { alarmInputs, REQUEST_METRICS_CONTRACT } from "./alarm-inputs";
import { logInputs } from "./log-inputs";
import { numberRuleInput } from "./number-rule-input";
import { textRuleCondition, textRuleInput } from "./text-rule-input";


export const canaryFunctionModule: ModuleDefinition = {
  name: "canary-function",
  construct: "CanaryFunction",
  summary: `
A Lambda function (${DEFAULT_RUNTIME}, arm64) delivered by canary, as the read path delivers both of its
functions. Every change of the zip publishes a version, and the apply that published it runs a
CodeDeploy deployment that shifts the \`${LIVE_ALIAS_NAME}\` alias to it step by step, rolling back by
itself when the new version's error-rate, p95 or crash alarm fires. The apply waits for the outcome
and fails on a rollback, so a pipeline stops there; the apply after a rollback refuses to canary the
same version again unless \`CANARY_REDEPLOY_ROLLED_BACK=<function>:<version>\` is set (a fix or a
revert publishes a new version, which deploys as usual). Callers invoke the alias, never \`$LATEST\`; Terraform leaves the
alias's version and routing to CodeDeploy.

With it come: the log group (created, with retention), an encrypted SQS dead-letter queue for failed
asynchronous invocations, active X-Ray tracing, JSON logs, an execution role that may write its own
logs, traces and dead letters plus exactly the \`permissions\` given (no wildcard actions), and the
alarms of [function-alarms](../function-alarms) notifying \`alarm_topic_arn\`.

${REQUEST_METRICS_CONTRACT}

**The deploy step** runs \`node ${"${path.module}"}/${CANARY_DEPLOY_FILE}\` (shipped in this folder, every
dependency bundled) on the machine that applies: it needs Node.js 20 or later there, and AWS
credentials allowed to create and read the deployment (the same that apply).`,
  usage: `
module "checkout" {
  source = "../../canary-function"

  function_name                = "checkout"
  description                  = "Checkout API"
  package_path                 = "\${path.root}/build/checkout.zip"
  memory_size_mb               = 512
  timeout_seconds              = 10
  reserved_concurrency         = 50
  error_rate_threshold_percent = 2
  p95_duration_threshold_ms    = 800
  alarm_topic_arn              = module.alerts.alert_topic_arn

  permissions = [
    { sid = "ReadOrders", actions = ["dynamodb:GetItem", "dynamodb:Query"], resources = [aws_dynamodb_table.orders.arn] },
  ]
}`,

  extraFiles(projectRoot) {
    const script = bundleCanaryDeployScript(projectRoot, join(projectRoot, BUILD_DIR, "tools"));
    return new Map([[CANARY_DEPLOY_FILE, readFileSync(script.path, "utf8")]]);
  },

  define(stack) {
    const functionName = stack.input(
      "function_name",
      textRuleInput("function_name", CANARY_FUNCTION_NAME_RULE, "The Lambda function's name; also names its log group, queue, roles, alarms and CodeDeploy application."),
    );
    const description = stack.input("description", { type: "string", description: "The function's description.", default: "" });
    const packagePath = stack.input("package_path", { type: "string", description: "Path of the deployment zip (the handler bundled with its dependencies)." });
    const sourceCodeHash = stack.input("source_code_hash", {
      type: "string",
      description: "Base64 SHA-256 of the zip; a change publishes a new version and starts a canary. Null: computed from package_path.",
      default: null,
    });
    const handler = stack.input("handler", { type: "string", description: "The handler, <file without extension>.<export>.", default: DEFAULT_HANDLER });
    // Bounds, defaults and messages are the construct's (canary-function-rules.ts).
    const rules = CANARY_FUNCTION_RULES;
    const memory = stack.input("memory_size_mb", numberRuleInput("memory_size_mb", rules.memorySizeMb, "Memory in MB; Lambda gives CPU in proportion."));
    const timeout = stack.input("timeout_seconds", numberRuleInput("timeout_seconds", rules.timeoutSeconds, "How long one invocation may run, in seconds."));
    const concurrency = stack.input(
      "reserved_concurrency",
      numberRuleInput("reserved_concurrency", rules.reservedConcurrency, "Concurrency reserved for, and capping, this function (0 would stop it)."),
    );
    const environmentVariables = stack.input("environment_variables", {
      type: "map(string)",
      description: "Plain configuration only: secrets belong in Secrets Manager, read at run time.",
      default: {},
    });
    const { retention: logRetention, kmsKeyArn: logKmsKeyArn } = logInputs(stack, "the function's log group", rules.logRetentionInDays);
    const permissions = stack.input("permissions", {
      type: "list(object({ sid = string, actions = list(string), resources = list(string) }))",
      description: "What the function may do beyond writing its logs, traces and dead letters: one policy statement each, exact actions only.",
      default: [],
      validation: [
        {
          condition: `alltrue([for statement in var.permissions : length(statement.actions) > 0 && length(statement.resources) > 0 && alltrue([for action in statement.actions : ${textRuleCondition("action", POLICY_STATEMENT_RULES.action)}])])`,
          errorMessage: "Every permission needs actions and resources, and every action must be exact (service:Action, no wildcard).",
        },
        {
          condition: `length(distinct([for statement in var.permissions : statement.sid])) == length(var.permissions) && alltrue([for statement in var.permissions : ${textRuleCondition("statement.sid", POLICY_STATEMENT_RULES.sid)}])`,
          errorMessage: "Every permission needs its own sid, of letters and digits only (IAM's rule).",
        },
      ],
    });
    const subnetIds = stack.input("subnet_ids", {
      type: "list(string)",
      description: "Private subnets to run the function in (to reach a private database). Empty: outside any VPC.",
      default: [],
    });
    const securityGroupIds = stack.input("security_group_ids", {
      type: "list(string)",
      description: "Security groups of the function's network interfaces, with subnet_ids.",
      default: [],
      validation: [{ condition: "(length(var.subnet_ids) == 0) == (length(var.security_group_ids) == 0)", errorMessage: "security_group_ids and subnet_ids must be given together." }],
    });
    const deploymentConfig = stack.input("deployment_config_name", {
      type: "string",
      description: "How CodeDeploy shifts the alias: a predefined Lambda configuration or one of your own.",
      default: DEFAULT_DEPLOYMENT_CONFIG_NAME,
    });
    const { errorRate, p95Duration: p95, minimumRequests, metricsNamespace, metricsService, topicArn } = alarmInputs(stack, "Alarm, and roll a canary back,");
    const maxWait = stack.input(
      "deployment_max_wait_seconds",
      numberRuleInput(
        "deployment_max_wait_seconds",
        rules.deploymentMaxWaitSeconds,
        "How long an apply waits for the canary's outcome; beyond it the apply fails while CodeDeploy goes on (and still rolls back on alarm).",
      ),
    );

    const canary = new CanaryFunction(stack, "this", {
      name: "this",
      functionName: functionName.stringValue,
      description: description.stringValue,
      code: {
        zipPath: packagePath.stringValue,
        // A conditional, not coalesce: coalesce reads the file even when the hash is given.
        sourceCodeHash: Token.asString(Fn.conditional(Op.eq(sourceCodeHash.stringValue, Token.nullValue()), Fn.filebase64sha256(packagePath.stringValue), sourceCodeHash.stringValue)),
      },
      handler: handler.stringValue,
      memorySizeMb: memory.numberValue,
      timeoutSeconds: timeout.numberValue,
      reservedConcurrency: concurrency.numberValue,
      environmentVariables: Token.asStringMap(environmentVariables.value),
      logRetentionInDays: logRetention.numberValue,
      logKmsKeyArn: logKmsKeyArn.stringValue,
      deploymentConfig: deploymentConfig.stringValue,
      errorRateThresholdPercent: errorRate.numberValue,
      p95DurationThresholdMs: p95.numberValue,
      alarmMinimumRequests: minimumRequests.numberValue,
      requestMetrics: { namespace: metricsNamespace.stringValue, serviceName: Fn.coalesce([metricsService.stringValue, functionName.stringValue]) },
      alarmTopicArn: topicArn.stringValue,
      deployScriptPath: `\${path.module}/${CANARY_DEPLOY_FILE}`,
      deploymentMaxWaitSeconds: maxWait.numberValue,
      vpc: { subnetIds: subnetIds.listValue, securityGroupIds: securityGroupIds.listValue, partition: stack.partition, region: stack.region, accountId: stack.accountId },
    });
    // Outside a VPC the function needs no network-interface permissions: the attachment exists
    // only when subnets are given. (`>= 1`: cdktf 0.21's Op drops a literal 0 operand.)
    canary.vpcAccess!.count = Token.asNumber(Fn.conditional(Op.gte(Fn.lengthOf(subnetIds.listValue), 1), 1, 0));

    // One inline policy per permission, keyed by its sid, beside the construct's own.
    const grants = TerraformIterator.fromComplexList(permissions.value, "sid");
    new IamRolePolicy(canary, "permission", {
      forEach: grants,
      name: grants.getString("sid"),
      role: canary.role.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Sid: grants.getString("sid"), Effect: "Allow", Action: grants.getList("actions"), Resource: grants.getList("resources") }],
      }),
    });

    stack.output("canary_function_name", { value: canary.fn.functionName, description: "The function's name." });
    stack.output("canary_function_arn", { value: canary.fn.arn, description: "The function's unqualified ARN." });
    stack.output("canary_function_alias_arn", {
      value: canary.alias.arn,
      description: `The ${LIVE_ALIAS_NAME} alias's ARN: what callers invoke (lambda:InvokeFunction on it), never $LATEST.`,
    });
    stack.output("canary_function_alias_invoke_arn", { value: canary.alias.invokeArn, description: "The alias's invoke ARN, for an API Gateway integration." });
    stack.output("canary_function_role_arn", { value: canary.role.arn, description: "The execution role's ARN." });
    stack.output("canary_function_role_name", { value: canary.role.name, description: "The execution role's name, to attach further policies." });
    stack.output("canary_function_dead_letter_queue_arn", { value: canary.deadLetterQueue.arn, description: "The dead-letter queue's ARN." });
    stack.output("canary_function_dead_letter_queue_name", { value: canary.deadLetterQueue.name, description: "The dead-letter queue's name (the SQS metrics' QueueName dimension)." });
    stack.output("canary_function_log_group_name", { value: canary.logGroup.name, description: "The function's log group." });
    stack.output("canary_function_alarm_arns", {
      value: canary.alarms.all.map((alarm) => alarm.arn),
      description: "Every alarm's ARN (canary error rate, p95 latency and crashes; function error rate and p95 latency; throttles; dead letters).",
    });
    stack.output("canary_function_rollback_alarm_names", {
      value: canary.alarms.rollbackAlarms.map((alarm) => alarm.alarmName),
      description: "The canary alarms' names (error rate, p95 latency, crashes of the version being deployed): the deployment group rolls back when one fires.",
    });
    stack.output("canary_function_flag_monitor_alarm_arns", {
      value: [canary.alarms.errorRate.arn, canary.alarms.p95Latency.arn],
      description: "The error-rate and p95-latency alarms on every version: a flag rollout that routes reads to this function is monitored by them (read-path-flag's monitor_alarm_arns).",
    });
    stack.output("canary_function_deployment_group_name", {
      value: canary.deployment.deploymentGroup.deploymentGroupName,
      description: "The CodeDeploy deployment group that shifts the alias.",
    });
  },
};
