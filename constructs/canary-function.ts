import { AssetType, Fn, TerraformAsset, Token } from "cdktf";
import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaAlias } from "@cdktf/provider-aws/lib/lambda-alias";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { AwsLocation } from "./aws-location";
import { CanaryDeployment, type CustomDeploymentConfig } from "./canary-deployment";
import { CANARY_FUNCTION_NAME_RULE, CANARY_FUNCTION_RULES } from "./canary-function-rules";
import { FunctionAlarms, rollbackAlarmNames } from "./function-alarms";
import { allowPolicyDocument, assertExactActions, lambdaExecutionTrustDocument, type PolicyStatement } from "./iam-policy";
import { knownAtSynth } from "./known-at-synth";
import { lambdaLogGroupName } from "./lambda-log-group";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { checkNumberRule } from "./number-rule";
import { checkTextRule } from "./text-rule";

export const LIVE_ALIAS_NAME = "live";
export const DEFAULT_RUNTIME = "nodejs22.x";
export const DEFAULT_HANDLER = "index.handler";
export const DEFAULT_LOG_RETENTION_IN_DAYS = CANARY_FUNCTION_RULES.logRetentionInDays.default;
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = CANARY_FUNCTION_RULES.maximumRetryAttempts.default;
export const DEFAULT_MAXIMUM_EVENT_AGE_IN_SECONDS = CANARY_FUNCTION_RULES.maximumEventAgeInSeconds.default;
/** SQS's maximum: a dead letter waits two weeks for someone to look. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/** A deployable zip, as `bundleFunction` builds it. */
export interface FunctionCode {
  /** Path of the zip, relative to the app's working directory or absolute. */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip. */
  readonly sourceCodeHash: string;
}

/** Props of a CanaryFunction. */
export interface CanaryFunctionProps {
  /** Names the Terraform addresses (`aws_lambda_function.<name>`). */
  readonly name: string;
  /** The Lambda function's name (`huntaze-mock-read`); also names its log group, queue, roles and alarms. */
  readonly functionName: string;
  /** The function's description, shown in the Lambda console. */
  readonly description: string;
  /** The zip to deploy and its hash: a new hash publishes a new version, which the canary delivers. */
  readonly code: FunctionCode;
  /**
   * The handler, `<file without extension>.<export>`.
   * @default "index.handler"
   */
  readonly handler?: string;
  /** Memory in MB; Lambda gives CPU in proportion. Bounds: CANARY_FUNCTION_RULES. */
  readonly memorySizeMb: number;
  /** How long one invocation may run. */
  readonly timeoutSeconds: number;
  /** Concurrency reserved for, and capping, this function. */
  readonly reservedConcurrency: number;
  /** Plain configuration only: secrets belong in Secrets Manager, read at run time. */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /**
   * Days the function's log group keeps events.
   * @default 30
   */
  readonly logRetentionInDays?: number;
  /**
   * A KMS key for the function's log group.
   * @default - the log group is encrypted with CloudWatch Logs' own key
   */
  readonly logKmsKeyArn?: string;
  /** What the function may do beyond writing its logs, traces and dead letters. Exact actions only. */
  readonly permissions?: readonly PolicyStatement[];
  /**
   * Retries of a failed asynchronous invocation before it goes to the dead-letter queue. This and
   * every number prop below keep the bounds in CANARY_FUNCTION_RULES (canary-function-rules.ts).
   * @default 2
   */
  readonly maximumRetryAttempts?: number;
  /**
   * How long an asynchronous event may wait before it goes to the dead-letter queue, in seconds.
   * @default 3600
   */
  readonly maximumEventAgeInSeconds?: number;
  /** How CodeDeploy shifts the live alias to a new version. */
  readonly deploymentConfig: string | CustomDeploymentConfig;
  /** Roll back when the new version's server errors (5xx answers) exceed this share of its requests, in percent. */
  readonly errorRateThresholdPercent: number;
  /** Roll back when the new version's p95 request latency exceeds this, in milliseconds. */
  readonly p95DurationThresholdMs: number;
  /**
   * An alarm period with fewer requests than this judges nothing (see FunctionAlarmsProps).
   * @default 10
   */
  readonly alarmMinimumRequests?: number;
  /**
   * Where the function publishes its request metrics, and its `service` dimension
   * (contracts/read-path-metrics.ts): the alarms read them there.
   * @default - namespace "Huntaze/ReadPath", service the function's name
   */
  readonly requestMetrics?: { readonly namespace: string; readonly serviceName: string };
  /** Where alarms notify. */
  readonly alarmTopicArn: string;
  /**
   * The bundled canary deploy command that Terraform runs when a version is published; one asset
   * per stack serves every function (see CanaryDeploymentProps.deployScriptPath).
   */
  readonly deployScriptPath: string;
  /**
   * How long an apply waits for the canary's outcome (see CanaryDeploymentProps.maxWaitSeconds).
   * @default 3600
   */
  readonly deploymentMaxWaitSeconds?: number;
  /**
   * Runs the function in a VPC's private subnets, to reach a private database.
   * @default - outside any VPC
   */
  readonly vpc?: FunctionVpc;
  /**
   * A function CodeDeploy runs before shifting traffic to a new version, to check it (its qualified ARN).
   * @default - no check before traffic
   */
  readonly beforeAllowTrafficHookArn?: string;
  /**
   * The function's account, so that a plan shows the service roles' trust in full.
   * @default - read from the function's ARN once it exists
   */
  readonly accountId?: string;
  /**
   * A function CodeDeploy runs once all traffic is on the new version, to bake it: the deployment
   * is done only when the version has served for the bake time with its alarms OK (its qualified ARN).
   * @default - no bake: the deployment ends with the last traffic shift
   */
  readonly afterAllowTrafficHookArn?: string;
  /**
   * A function the deploy step invokes and awaits first, to migrate the database (see
   * CanaryDeploymentProps.migrationFunctionArn).
   * @default - no migration
   */
  readonly migrationFunctionArn?: string;
  /**
   * The deploy step invokes each new version with GET /health before its deployment, and deploys it
   * only on a 200 (see CanaryDeploymentProps.healthCheckBeforeTraffic): for a function with no
   * beforeAllowTrafficHookArn.
   * @default false
   */
  readonly healthCheckBeforeTraffic?: boolean;
  /**
   * More alarms that stop the function's canary and roll it back, beside its error-rate, p95 and
   * crash alarms: called once the function's version exists, so that they can judge the version
   * being deployed (a ShadowAlarm with `targetVersion`). CodeDeploy's group watches them, its
   * service role may describe them, and a bake reads them; a bake hook's grant must name them too
   * (canaryHookTargets' `additionalRollbackAlarmNames`).
   * @default - none: the error-rate, p95 and crash alarms alone
   */
  readonly additionalRollbackAlarms?: (target: CanaryAlarmTarget) => readonly CloudwatchMetricAlarm[];
}

/** What an additional rollback alarm judges (see CanaryFunctionProps.additionalRollbackAlarms). */
export interface CanaryAlarmTarget {
  /** Where to create the alarms: the CanaryFunction. */
  readonly scope: Construct;
  /** The function's name. */
  readonly functionName: string;
  /** The version a canary deploys, the newest published (`aws_lambda_function.version`). */
  readonly targetVersion: string;
}

/** What a traffic hook of a function's canary acts on, by ARN (see CanaryFunction.canaryHookTargets). */
export interface CanaryHookTargets {
  /** The deployment group that shifts the function's live alias. */
  readonly deploymentGroupArn: string;
  /** Every version of the function (`…:function:<name>:*`): the hook invokes the new one. */
  readonly versionsArn: string;
  /** The alarms that roll the canary back: the bake reads them. */
  readonly rollbackAlarmArns: readonly string[];
}

/** The private network a function runs in. */
export interface FunctionVpc {
  /** Private subnets, in at least two availability zones. */
  readonly subnetIds: readonly string[];
  /** Security groups of the function's network interfaces. */
  readonly securityGroupIds: readonly string[];
  /** The AWS partition (`aws`), for the network interfaces' ARNs. */
  readonly partition: string;
  /** The function's region, for the network interfaces' ARNs. */
  readonly region: string;
  /** The function's account, for the network interfaces' ARNs. */
  readonly accountId: string;
}

/**
 * A Lambda function delivered by canary: every code change publishes a version that CodeDeploy
 * shifts the `live` alias to step by step, rolling back when the new version's error-rate, p95 or
 * crash alarm fires (FunctionAlarms). Callers invoke the alias, never `$LATEST`.
 *
 * Terraform creates the alias at the first version and then leaves its version and routing to
 * CodeDeploy (ignore_changes), so an apply never moves all traffic at once behind the canary's back.
 *
 * @example
 * const read = new CanaryFunction(stack, "mock-read", {
 *   name: "mock-read", functionName: "huntaze-mock-read", description: "Control read path",
 *   code: artifacts["mock-read"], memorySizeMb: 512, timeoutSeconds: 6, reservedConcurrency: 50,
 *   deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
 *   errorRateThresholdPercent: 2, p95DurationThresholdMs: 500, alarmTopicArn: alerts.topic.arn,
 * });
 */
export class CanaryFunction extends NamingScope {
  /** The log group of a function of this name, known before it exists: a log key's policy names it. */
  public static logGroupName(functionName: string): string {
    return lambdaLogGroupName(functionName);
  }

  /**
   * What a traffic hook of this function's canary acts on, known from the function's name alone:
   * the hook's grants name them, since a reference would make a cycle (the deployment names the hook).
   * `additionalRollbackAlarmNames` names the alarms CanaryFunctionProps.additionalRollbackAlarms builds.
   */
  public static canaryHookTargets(functionName: string, location: AwsLocation, additionalRollbackAlarmNames: readonly string[] = []): CanaryHookTargets {
    const { partition, region, accountId } = location;
    const alarms = [...Object.values(rollbackAlarmNames(functionName)), ...additionalRollbackAlarmNames];
    return {
      deploymentGroupArn: CanaryDeployment.deploymentGroupArn(functionName, LIVE_ALIAS_NAME, location),
      versionsArn: `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}:*`,
      rollbackAlarmArns: alarms.map((alarm) => `arn:${partition}:cloudwatch:${region}:${accountId}:alarm:${alarm}`),
    };
  }

  /** The function's name, known at synth (unlike `fn.functionName`, a reference). */
  public readonly functionName: string;
  /** The alias callers invoke, known at synth (unlike `alias.name`, a reference). */
  public readonly aliasName: string = LIVE_ALIAS_NAME;
  public readonly deadLetterQueueName: string;
  public readonly fn: LambdaFunction;
  public readonly alias: LambdaAlias;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly deadLetterQueue: SqsQueue;
  public readonly alarms: FunctionAlarms;
  /** The alarms CanaryFunctionProps.additionalRollbackAlarms built, which roll the canary back beside `alarms.rollbackAlarms`. */
  public readonly additionalRollbackAlarms: readonly CloudwatchMetricAlarm[];
  public readonly deployment: CanaryDeployment;
  /** The policy that lets Lambda manage the function's network interfaces, when it runs in a VPC. */
  public readonly vpcAccess?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: CanaryFunctionProps) {
    super(scope, id, props);
    const permissions = props.permissions ?? [];
    assertExactActions(this.node.path, permissions);
    checkTextRule(this.node.path, "functionName", CANARY_FUNCTION_NAME_RULE, props.functionName);
    for (const [prop, rule] of Object.entries(CANARY_FUNCTION_RULES)) {
      checkNumberRule(this.node.path, prop, rule, props[prop as keyof typeof CANARY_FUNCTION_RULES]);
    }
    const maximumRetryAttempts = props.maximumRetryAttempts ?? CANARY_FUNCTION_RULES.maximumRetryAttempts.default;
    const maximumEventAgeInSeconds = props.maximumEventAgeInSeconds ?? CANARY_FUNCTION_RULES.maximumEventAgeInSeconds.default;

    // Created here rather than by Lambda on first log line, so that retention and encryption apply
    // from the start and `terraform destroy` leaves no orphan behind.
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: CanaryFunction.logGroupName(props.functionName),
      retentionInDays: props.logRetentionInDays ?? CANARY_FUNCTION_RULES.logRetentionInDays.default,
      kmsKeyId: props.logKmsKeyArn,
    });

    this.functionName = props.functionName;
    this.deadLetterQueueName = `${props.functionName}-dead-letters`;
    this.deadLetterQueue = new SqsQueue(this, "dead-letters", {
      name: this.deadLetterQueueName,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });

    this.role = new IamRole(this, "execution-role", {
      name: `${props.functionName}-execution`,
      assumeRolePolicy: lambdaExecutionTrustDocument(this, "execution-trust").json,
    });
    const rolePolicy = new IamRolePolicy(this, "execution-policy", {
      name: "least-privilege",
      role: this.role.id,
      policy: allowPolicyDocument(this, "execution-permissions", [
        {
          sid: "WriteOwnLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${this.logGroup.arn}:*`],
        },
        { sid: "SendOwnDeadLetters", actions: ["sqs:SendMessage"], resources: [this.deadLetterQueue.arn] },
        // Deliberate exception to "no * resources": X-Ray's trace APIs have no resource-level permissions.
        { sid: "WriteTraces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
        ...permissions,
      ]).json,
    });

    this.vpcAccess = props.vpc
      ? new IamRolePolicy(this, "vpc-access", {
          name: "network-interfaces",
          role: this.role.id,
          policy: vpcAccessPolicy(this, props.vpc).json,
        })
      : undefined;

    // A zip known at synth ships as an asset beside the stack; a path known only at plan (a
    // module's input) is the caller's file, used where it is.
    const filename = knownAtSynth(props.code.zipPath)
      ? new TerraformAsset(this, "code", { path: props.code.zipPath, type: AssetType.FILE }).path
      : props.code.zipPath;
    this.fn = new LambdaFunction(this, PRIMARY_RESOURCE_ID, {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: DEFAULT_RUNTIME,
      architectures: ["arm64"],
      handler: props.handler ?? DEFAULT_HANDLER,
      filename,
      sourceCodeHash: props.code.sourceCodeHash,
      memorySize: props.memorySizeMb,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // Every code change becomes a numbered version for CodeDeploy to shift the alias to.
      publish: true,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      deadLetterConfig: { targetArn: this.deadLetterQueue.arn },
      environment: props.environmentVariables
        ? { variables: knownAtSynth(props.environmentVariables) ? { ...props.environmentVariables } : props.environmentVariables }
        : undefined,
      vpcConfig: props.vpc ? { subnetIds: [...props.vpc.subnetIds], securityGroupIds: [...props.vpc.securityGroupIds] } : undefined,
      // Lambda checks the role can write to the queue (and create interfaces) when the function is created.
      dependsOn: [rolePolicy, this.logGroup, ...(this.vpcAccess ? [this.vpcAccess] : [])],
    });

    this.alias = new LambdaAlias(this, "live", {
      name: this.aliasName,
      description: "What callers invoke; CodeDeploy shifts it to new versions",
      functionName: this.fn.functionName,
      functionVersion: this.fn.version,
      lifecycle: { ignoreChanges: ["function_version", "routing_config"] },
    });

    new LambdaFunctionEventInvokeConfig(this, "async-invoke", {
      functionName: this.fn.functionName,
      qualifier: this.alias.name,
      maximumRetryAttempts,
      maximumEventAgeInSeconds,
      destinationConfig: { onFailure: { destination: this.deadLetterQueue.arn } },
    });

    this.alarms = new FunctionAlarms(this, "alarms", {
      name: props.name,
      functionName: props.functionName,
      aliasName: this.aliasName,
      targetVersion: this.fn.version,
      deadLetterQueueName: this.deadLetterQueueName,
      metricsNamespace: props.requestMetrics?.namespace,
      serviceName: props.requestMetrics?.serviceName,
      errorRateThresholdPercent: props.errorRateThresholdPercent,
      p95DurationThresholdMs: props.p95DurationThresholdMs,
      minimumRequests: props.alarmMinimumRequests,
      alarmTopicArn: props.alarmTopicArn,
    });

    this.additionalRollbackAlarms = props.additionalRollbackAlarms?.({ scope: this, functionName: props.functionName, targetVersion: this.fn.version }) ?? [];
    const rollbackAlarms = [...this.alarms.rollbackAlarms, ...this.additionalRollbackAlarms];
    this.deployment = new CanaryDeployment(this, "deployment", {
      name: props.name,
      functionName: props.functionName,
      functionArn: this.fn.arn,
      accountId: props.accountId ?? props.vpc?.accountId,
      aliasName: this.aliasName,
      deploymentConfig: props.deploymentConfig,
      rollbackAlarmNames: rollbackAlarms.map((alarm) => alarm.alarmName),
      rollbackAlarmArns: rollbackAlarms.map((alarm) => alarm.arn),
      publishedVersion: this.fn.version,
      deployScriptPath: props.deployScriptPath,
      deployAfter: [this.alias],
      maxWaitSeconds: props.deploymentMaxWaitSeconds ?? CANARY_FUNCTION_RULES.deploymentMaxWaitSeconds.default,
      beforeAllowTrafficHookArn: props.beforeAllowTrafficHookArn,
      afterAllowTrafficHookArn: props.afterAllowTrafficHookArn,
      migrationFunctionArn: props.migrationFunctionArn,
      healthCheckBeforeTraffic: props.healthCheckBeforeTraffic,
    });
  }
}

/**
 * What Lambda needs to give a function network interfaces in its subnets, instead of the managed
 * AWSLambdaVPCAccessExecutionRole (which also grants log writes to every log group): creating
 * interfaces only in these subnets with these security groups, and managing interfaces of this
 * account and region. The two Describe actions have no resource-level permissions: `*` is their
 * only resource.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
 */
export function vpcAccessPolicy(scope: Construct, vpc: FunctionVpc) {
  const ec2 = `arn:${vpc.partition}:ec2:${vpc.region}:${vpc.accountId}`;
  // Lists known only at plan (a module's inputs) become ARNs by Terraform's formatlist.
  const arns = (kind: string, ids: readonly string[]): string[] =>
    knownAtSynth(ids)
      ? ids.map((id) => `${ec2}:${kind}/${id}`)
      : Token.asList(Fn.formatlist(`arn:%s:ec2:%s:%s:${kind}/%s`, [vpc.partition, vpc.region, vpc.accountId, ids]));
  const interfaces = `${ec2}:network-interface/*`;
  const subnets = arns("subnet", vpc.subnetIds);
  const securityGroups = arns("security-group", vpc.securityGroupIds);
  return allowPolicyDocument(scope, "vpc-access-permissions", [
    {
      sid: "CreateInterfacesInTheseSubnets",
      actions: ["ec2:CreateNetworkInterface"],
      resources:
        knownAtSynth(subnets) && knownAtSynth(securityGroups)
          ? [interfaces, ...subnets, ...securityGroups]
          : Token.asList(Fn.concat([[interfaces], subnets, securityGroups])),
    },
    {
      sid: "ManageInterfaces",
      actions: ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      resources: [`${ec2}:network-interface/*`],
    },
    { sid: "DescribeNetwork", actions: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], resources: ["*"] },
  ]);
}
