import { AssetType, TerraformAsset, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { partitionOf } from "../config/aws-regions";
import { candidateBudgetMs } from "../config/capacity";
import type { EnvironmentConfig, StateStoreConfig } from "../config/schema";
import { CANDIDATE_VARIABLES, CONTROL_VARIABLES, HEALTH_HOOK_VARIABLES, POWERTOOLS_VARIABLES, RUNTIME_VARIABLES } from "../contracts/function-environment";
import { READ_PATH_METRICS_NAMESPACE } from "../contracts/read-path-metrics";
import { READ_ONLY_ROLE } from "../database/roles";
import type { BuildArtifacts } from "../bundling/build";
import { AlertTopic } from "../constructs/alert-topic";
import { XraySamplingRule } from "@cdktf/provider-aws/lib/xray-sampling-rule";
import { ApiGatewayLoggingRole } from "../constructs/api-gateway-logging-role";
import { CandidateFallbackAlarm } from "../constructs/candidate-fallback-alarm";
import { CanaryFunction, LIVE_ALIAS_NAME } from "../constructs/canary-function";
import { DatabaseMigrator } from "../constructs/database-migrator";
import { rollbackAlarmNames } from "../constructs/function-alarms";
import { LambdaProxyApi } from "../constructs/lambda-proxy-api";
import { LogEncryptionKey } from "../constructs/log-encryption-key";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { acceptSecurityException } from "../constructs/security-exception";
import { managesMasterPassword, POSTGRES_PORT, PostgresDatabase } from "../constructs/postgres-database";
import { ReadPathDashboard } from "../constructs/read-path-dashboard";
import { ReadPathFlag } from "../constructs/read-path-flag";
import { StableIdStack } from "../constructs/stable-id-stack";
import { addGuardedAwsProvider } from "./aws-provider";
import { stateKey, useRemoteState } from "./state-store";

/** Where both functions publish their EMF metrics (Powertools' namespace), which their alarms read. */
const METRICS_NAMESPACE = READ_PATH_METRICS_NAMESPACE;
/** The hook's invocation outlives the bake by this much: time to look at the alarms once more and report. */
const HOOK_MARGIN_SECONDS = 60;


export interface ReadPathStackProps {
  readonly environment: EnvironmentConfig;
  readonly stateStore: StateStoreConfig;
  /** The bundled handlers and deploy script, built before synth. */
  readonly artifacts: BuildArtifacts;
}

/** Everything one environment runs for Huntaze's read path, with its own remote state. */
export class ReadPathStack extends StableIdStack {
  public readonly environment: EnvironmentConfig;
  public readonly alerts: AlertTopic;
  public readonly mockRead: CanaryFunction;
  public readonly prismaRead: CanaryFunction;
  public readonly database: PostgresDatabase;
  public readonly flag: ReadPathFlag;
  public readonly candidateFallbacks: CandidateFallbackAlarm;
  /** The log groups' customer key, where the environment's config asks for one. */
  public readonly logKey?: LogEncryptionKey;
  public readonly healthHook: CanaryFunction;
  /** Applies the migrations before the candidate's canary; absent where no admin secret is managed by RDS. */
  public readonly migrator?: DatabaseMigrator;
  public readonly api: LambdaProxyApi;

  constructor(scope: Construct, id: string, props: ReadPathStackProps) {
    super(scope, id);
    const { environment } = props;
    this.environment = environment;
    const prefix = environment.namePrefix;
    const partition = partitionOf(environment.region);

    useRemoteState(this, props.stateStore, stateKey(environment));
    addGuardedAwsProvider(this, {
      region: environment.region,
      accountId: environment.accountId,
      projectName: prefix,
      environmentName: environment.name,
      owner: environment.tags.owner,
      costCenter: environment.tags.costCenter,
    });

    this.alerts = new AlertTopic(this, "alerts", {
      name: "alerts",
      topicName: `${prefix}-read-path-alerts`,
      emails: environment.alerting.emails,
      accountId: environment.accountId,
      partition,
    });

    // Applies where a trace starts, at API Gateway; the functions behind it follow that decision,
    // so this one rule sets the share of requests traced end to end.
    new XraySamplingRule(this, "trace-sampling", {
      ruleName: `${prefix}-read-path`,
      priority: 1000,
      fixedRate: environment.tracing.samplingPercentage / 100,
      reservoirSize: 1,
      serviceName: `${prefix}-*`,
      serviceType: "*",
      host: "*",
      httpMethod: "*",
      urlPath: "*",
      resourceArn: "*",
      version: 1,
    });

    const deployScript = new TerraformAsset(this, "canary-deploy-script", {
      path: props.artifacts.canaryDeployScript.path,
      type: AssetType.FILE,
    });

    // The read functions' and the API's logs hold creator and fan identifiers (paths, callers).
    const apiName = `${prefix}-read-api`;
    const { database } = environment;
    const adoption = database.instance.source === "adopt" ? { existing: database.instance.existing, disruptiveChanges: database.instance.disruptiveChanges } : undefined;
    // The migrator logs in with RDS's managed master secret: without one there is no migrator, nor its log group.
    const functionNames = ["mock-read", "prisma-read", "canary-health-hook", ...(managesMasterPassword(adoption) ? ["db-migrator"] : [])].map((name) => `${prefix}-${name}`);
    this.logKey =
      environment.logEncryption === "customer-key"
        ? new LogEncryptionKey(this, "log-key", {
            name: "log-key",
            aliasName: `${prefix}-read-path-logs`,
            logGroupNames: [
              ...functionNames.map((name) => `/aws/lambda/${name}`),
              LambdaProxyApi.accessLogGroupName(apiName),
              // Named after the REST API's id, known only once it exists.
              "API-Gateway-Execution-Logs_*",
            ],
            accountId: environment.accountId,
            region: environment.region,
            partition,
          })
        : undefined;

    // How both functions are delivered: the same canary, alarms and deploy step.
    const delivery = {
      logRetentionInDays: environment.logRetentionInDays,
      logKmsKeyArn: this.logKey?.key.arn,
      accountId: environment.accountId,
      deploymentConfig: environment.canary.deploymentConfig,
      errorRateThresholdPercent: environment.canary.errorRateThresholdPercent,
      p95DurationThresholdMs: environment.canary.p95DurationThresholdMs,
      alarmMinimumRequests: environment.canary.minimumRequestsPerPeriod,
      alarmTopicArn: this.alerts.topic.arn,
      deployScriptPath: deployScript.path,
    };
    const bakeSeconds = environment.canary.bakeTimeMinutes * 60;

    // CodeDeploy's check of each new version before any traffic reaches it (GET /health on that
    // version), and its bake once all traffic has moved (the deployment's alarms OK for the bake
    // time). It is itself delivered by canary (with no hook of its own). Its grants name the read
    // functions' deployment groups, versions and alarms by name: a reference would make a cycle,
    // since their deployments name this hook.
    const readFunctionNames = [`${prefix}-mock-read`, `${prefix}-prisma-read`];
    const codeDeployArn = `arn:${partition}:codedeploy:${environment.region}:${environment.accountId}`;
    const lambdaArn = `arn:${partition}:lambda:${environment.region}:${environment.accountId}`;
    const alarmArn = `arn:${partition}:cloudwatch:${environment.region}:${environment.accountId}:alarm`;
    this.healthHook = new CanaryFunction(this, "canary-health-hook", {
      name: "canary-health-hook",
      functionName: `${prefix}-canary-health-hook`,
      description: "CodeDeploy BeforeAllowTraffic hook: GET /health on the new version of a read function",
      code: props.artifacts.functions["canary-health-hook"],
      // Sized for one check at a time; the timeout covers a cold VPC start of the version it
      // checks, and the bake.
      memorySizeMb: 256,
      timeoutSeconds: bakeSeconds + HOOK_MARGIN_SECONDS,
      reservedConcurrency: 5,
      ...delivery,
      environmentVariables: { [HEALTH_HOOK_VARIABLES.bakeSeconds]: String(bakeSeconds) },
      permissions: [
        {
          sid: "ReadAndReportDeployments",
          actions: [
            "codedeploy:ListDeploymentTargets",
            "codedeploy:GetDeploymentTarget",
            "codedeploy:GetDeployment",
            "codedeploy:GetDeploymentGroup",
            "codedeploy:PutLifecycleEventHookExecutionStatus",
          ],
          resources: readFunctionNames.map((name) => `${codeDeployArn}:deploymentgroup:${name}/${name}-${LIVE_ALIAS_NAME}`),
        },
        {
          sid: "InvokeNewVersions",
          actions: ["lambda:InvokeFunction"],
          resources: readFunctionNames.map((name) => `${lambdaArn}:function:${name}:*`),
        },
        {
          sid: "BakeAgainstRollbackAlarms",
          actions: ["cloudwatch:DescribeAlarms"],
          resources: readFunctionNames.flatMap((name) => Object.values(rollbackAlarmNames(name)).map((alarm) => `${alarmArn}:${alarm}`)),
        },
      ],
    });
    // One reference for both hooks: each read of `alias.arn` is a new token, and the deployment's
    // role grants each distinct hook string once.
    const hookArn = this.healthHook.alias.arn;
    const checkedDelivery = {
      ...delivery,
      beforeAllowTrafficHookArn: hookArn,
      afterAllowTrafficHookArn: bakeSeconds > 0 ? hookArn : undefined,
    };

    this.database = new PostgresDatabase(this, "database", {
      name: "database",
      instanceIdentifier: database.instance.source === "adopt" ? database.instance.instanceIdentifier : `${prefix}-read-path`,
      adopt: adoption,
      instanceClass: database.instance.instanceClass,
      allocatedStorageGb: database.instance.allocatedStorageGb,
      engineVersion: database.instance.engineVersion,
      multiAz: database.instance.multiAz,
      databaseName: database.databaseName,
      masterUsername: database.masterUsername,
      vpcId: database.vpcId,
      subnetIds: database.subnetIds,
      backupRetentionDays: database.backupRetentionDays,
      deletionProtection: database.deletionProtection,
      performanceInsightsRetentionDays: database.performanceInsightsRetentionDays,
      logMinDurationStatementMs: database.logMinDurationStatementMs,
      secretRotationDays: database.secretRotationDays,
      accountId: environment.accountId,
      partition,
    });

    // The migrations, applied from inside the VPC with RDS's managed master secret, by the
    // candidate's deploy step before its canary (and on the first apply, before the first read).
    // An adopted instance whose password RDS does not manage has no such secret: its migrations
    // stay a person's job (docs/deployment.md, "Migrations").
    const adminSecretArn = this.database.masterSecretArn;
    this.migrator = adminSecretArn
      ? new DatabaseMigrator(this, "db-migrator", {
          name: "db-migrator",
          functionName: `${prefix}-db-migrator`,
          code: props.artifacts.functions["db-migrator"],
          adminSecretArn,
          adminSecretKmsKeyArn: this.database.instance.masterUserSecret.get(0).kmsKeyId,
          databaseHost: this.database.instance.address,
          databasePort: POSTGRES_PORT,
          databaseName: database.databaseName,
          vpcId: database.vpcId,
          subnetIds: database.subnetIds,
          databaseClientSecurityGroupIds: this.database.clientSecurityGroupIds,
          partition,
          region: environment.region,
          accountId: environment.accountId,
          logRetentionInDays: environment.logRetentionInDays,
          logKmsKeyArn: this.logKey?.key.arn,
        })
      : undefined;

    this.prismaRead = new CanaryFunction(this, "prisma-read", {
      name: "prisma-read",
      functionName: `${prefix}-prisma-read`,
      description: "Huntaze read API, candidate path: reads PostgreSQL through Prisma",
      code: props.artifacts.functions["prisma-read"],
      ...environment.functions.prismaRead,
      ...checkedDelivery,
      migrationFunctionArn: this.migrator?.fn.qualifiedArn,
      vpc: {
        subnetIds: database.subnetIds,
        securityGroupIds: this.database.clientSecurityGroupIds,
        partition,
        region: environment.region,
        accountId: environment.accountId,
      },
      // Where the database is and whom to log in as. No password exists: the function signs an IAM
      // token for each connection with its own role, which may connect as this database role only.
      environmentVariables: {
        [CANDIDATE_VARIABLES.databaseIamAuth]: "true",
        [CANDIDATE_VARIABLES.databaseHost]: this.database.instance.address,
        [CANDIDATE_VARIABLES.databasePort]: String(POSTGRES_PORT),
        [CANDIDATE_VARIABLES.databaseName]: database.databaseName,
        [CANDIDATE_VARIABLES.databaseUser]: READ_ONLY_ROLE,
        [CANDIDATE_VARIABLES.databaseTls]: "verify-full",
        // The pool config validation counted against the database's connection limit.
        [CANDIDATE_VARIABLES.databasePoolMax]: String(database.poolSize),
        // The runtime's CA bundle, which holds the RDS certificate authorities.
        [RUNTIME_VARIABLES.extraCaCerts]: "/var/runtime/ca-cert.pem",
        [CANDIDATE_VARIABLES.prismaLogLevels]: environment.tier === "production" ? "error" : "error,warn",
        [POWERTOOLS_VARIABLES.serviceName]: `${prefix}-prisma-read`,
        [POWERTOOLS_VARIABLES.metricsNamespace]: METRICS_NAMESPACE,
      },
      permissions: [
        {
          sid: "ConnectAsReadOnlyRole",
          actions: ["rds-db:connect"],
          resources: [
            `arn:${partition}:rds-db:${environment.region}:${environment.accountId}:dbuser:${this.database.instance.resourceId}/${READ_ONLY_ROLE}`,
          ],
        },
      ],
    });

    // What creators routed to the candidate get, seen from the control: reads it served itself.
    this.candidateFallbacks = new CandidateFallbackAlarm(this, "candidate-fallbacks", {
      name: "candidate-fallbacks",
      controlFunctionName: `${prefix}-mock-read`,
      thresholdPercent: environment.canary.errorRateThresholdPercent,
      minimumRequests: environment.canary.minimumRequestsPerPeriod,
      alarmTopicArn: this.alerts.topic.arn,
      metricsNamespace: METRICS_NAMESPACE,
    });

    // The flag the control reads: AppConfig rolls a new value out, and back when what creators
    // routed to the candidate get goes wrong: its errors, its latency, the control's fallbacks.
    this.flag = new ReadPathFlag(this, "flag", {
      name: "flag",
      applicationName: `${prefix}-read-path`,
      environmentName: environment.name,
      value: environment.flag.prismaRead,
      rollout: environment.flag.rollout,
      accountId: environment.accountId,
      monitorAlarmArns: [this.prismaRead.alarms.errorRate.arn, this.prismaRead.alarms.p95Latency.arn, this.candidateFallbacks.alarm.arn],
      // An apply checks no rollout is running before a new value, and waits for the value's rollout.
      deployScriptPath: deployScript.path,
      // A new value reaches the candidate only after its deploy step (and the migrations) ran.
      deployAfter: [this.prismaRead.deployment.trigger],
    });

    this.mockRead = new CanaryFunction(this, "mock-read", {
      name: "mock-read",
      functionName: `${prefix}-mock-read`,
      description: "Huntaze read API, control path: serves mock data or hands reads to the Prisma candidate",
      code: props.artifacts.functions["mock-read"],
      ...environment.functions.mockRead,
      ...checkedDelivery,
      // Where the flag is and whom to hand reads to; a second is kept for serving a fallback.
      environmentVariables: {
        [CONTROL_VARIABLES.flagApplicationId]: this.flag.application.id,
        [CONTROL_VARIABLES.flagEnvironmentId]: this.flag.environment.environmentId,
        [CONTROL_VARIABLES.flagProfileId]: this.flag.profile.configurationProfileId,
        [CONTROL_VARIABLES.candidateFunctionArn]: this.prismaRead.alias.arn,
        // The candidate's own budget (its latency target and timeout), which config validation has
        // checked the control's reserved concurrency can carry at the environment's peak.
        [CONTROL_VARIABLES.candidateBudgetMs]: String(candidateBudgetMs(environment)),
        [POWERTOOLS_VARIABLES.serviceName]: `${prefix}-mock-read`,
        [POWERTOOLS_VARIABLES.metricsNamespace]: METRICS_NAMESPACE,
      },
      permissions: [
        {
          sid: "ReadReadPathFlag",
          actions: ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
          resources: [this.flag.profileArn(partition, environment.region, environment.accountId)],
        },
        { sid: "InvokeCandidate", actions: ["lambda:InvokeFunction"], resources: [this.prismaRead.alias.arn] },
      ],
    });

    // An account-wide setting: set here only where the environment's config says this stack owns it.
    const apiLogging =
      environment.api.accountSettings === "manage"
        ? new ApiGatewayLoggingRole(this, "api-logging", {
            name: "api-logging",
            roleName: `${prefix}-api-gateway-logs`,
            partition,
            region: environment.region,
            accountId: environment.accountId,
            accessLogGroupNames: [LambdaProxyApi.accessLogGroupName(apiName)],
          })
        : undefined;
    // The control is the entry point: it serves each read or hands it to the Prisma candidate.
    this.api = new LambdaProxyApi(this, "api", {
      name: "read-api",
      apiName,
      description: "Huntaze read API",
      target: {
        functionName: this.mockRead.fn.functionName,
        aliasName: this.mockRead.alias.name,
        invokeArn: this.mockRead.alias.invokeArn,
      },
      userPoolArns: [environment.api.authorizer.userPoolArn],
      publicRoutes: [{ pathPart: "health", httpMethod: "GET" }],
      throttle: environment.api.throttle,
      logRetentionInDays: environment.logRetentionInDays,
      logKmsKeyArn: this.logKey?.key.arn,
      accountLogging: apiLogging?.account,
    });

    const canaryFunctions = [
      { title: "mock-read (control)", fn: this.mockRead },
      { title: "prisma-read (candidate)", fn: this.prismaRead },
    ];
    new ReadPathDashboard(this, "dashboard", {
      name: "dashboard",
      dashboardName: `${prefix}-read-path`,
      region: environment.region,
      functions: canaryFunctions.map(({ title, fn }) => ({
        title,
        functionName: fn.functionName,
        aliasName: LIVE_ALIAS_NAME,
        deadLetterQueueName: fn.deadLetterQueueName,
      })),
      api: { apiName, stageName: this.api.stageName },
      alarmArns: [
        ...[...canaryFunctions.map(({ fn }) => fn), this.healthHook].flatMap((fn) => fn.alarms.all.map((alarm) => alarm.arn)),
        this.candidateFallbacks.alarm.arn,
      ],
      routing: { namespace: METRICS_NAMESPACE, serviceName: `${prefix}-mock-read` },
      database: { instanceIdentifier: this.database.instance.identifier },
    });

    if (!this.logKey) {
      for (const group of this.node.findAll().filter((child): child is CloudwatchLogGroup => child instanceof CloudwatchLogGroup)) {
        acceptSecurityException(group, "CKV_AWS_158", "encrypted with CloudWatch Logs' own key by this non-production environment's configuration (logEncryption)");
      }
    }

    new TerraformOutput(this, "api-url", { value: this.api.url, description: "The read API's base URL" });
    new TerraformOutput(this, "database-endpoint", {
      value: this.database.instance.endpoint,
      description: "The read path's PostgreSQL, host:port (private: reachable from its client security group only)",
    });
    // Where RDS manages the master password; an adopted instance's owners may keep theirs themselves.
    if (this.database.masterSecretArn) {
      new TerraformOutput(this, "database-secret-arn", {
        value: this.database.masterSecretArn,
        description: "Secrets Manager secret holding the master credentials, rotated by RDS",
      });
    }
    new TerraformOutput(this, "alert-topic-arn", {
      value: this.alerts.topic.arn,
      description: "SNS topic every read-path alarm notifies; subscribe other stacks' alarms or tools to it",
    });
  }
}
