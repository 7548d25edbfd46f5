import { AssetType, TerraformAsset, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig, StateStoreConfig } from "../config/schema";
import { READ_PATH_METRICS_NAMESPACE } from "../contracts/read-path-metrics";
import type { BuildArtifacts } from "../bundling/build";
import type { AlertTopic } from "../constructs/alert-topic";
import type { CandidateFallbackAlarm } from "../constructs/candidate-fallback-alarm";
import type { CanaryFunction } from "../constructs/canary-function";
import type { DatabaseMigrator } from "../constructs/database-migrator";
import type { LambdaProxyApi } from "../constructs/lambda-proxy-api";
import type { LogEncryptionKey } from "../constructs/log-encryption-key";
import type { PostgresDatabase } from "../constructs/postgres-database";
import { ReadPathDashboard } from "../constructs/read-path-dashboard";
import type { ReadPathFlag } from "../constructs/read-path-flag";
import type { ShadowAlarm } from "../constructs/shadow-alarm";
import { StableIdStack } from "../constructs/stable-id-stack";
import { addGuardedAwsProvider } from "./aws-provider";
import { readApi } from "./read-path-api";
import { readPathContext, type ReadPathContext, servesThroughControl } from "./read-path-context";
import { databaseMigrator, postgresDatabase } from "./read-path-database";
import { canaryHealthHook, checkedDelivery, functionDelivery } from "./read-path-delivery";
import { candidateFunction, controlFunction } from "./read-path-functions";
import { acceptLogsServiceKey, alertTopic, logEncryptionKey, traceSampling } from "./read-path-observability";
import { candidateFallbackAlarm, canaryShadowAlarm, readPathFlag, shadowReadAlarm } from "./read-path-rollout";
import { stateKey, useRemoteState } from "./state-store";

export interface ReadPathStackProps {
  readonly environment: EnvironmentConfig;
  readonly stateStore: StateStoreConfig;
  /** The bundled handlers and deploy script, built before synth. */
  readonly artifacts: BuildArtifacts;
}

/**
 * Everything one environment runs for Huntaze's read path, with its own remote state. Each part is
 * built by a function of its own (stacks/read-path-*.ts) in the order the parts refer to each other;
 * every part adds its constructs to this stack directly, so their Terraform addresses stay put.
 */
export class ReadPathStack extends StableIdStack {
  public readonly environment: EnvironmentConfig;
  public readonly alerts: AlertTopic;
  /** The control, the API's entry point in every phase but `direct`. */
  public readonly mockRead?: CanaryFunction;
  public readonly prismaRead: CanaryFunction;
  public readonly database: PostgresDatabase;
  /** The flag the control reads; absent in `direct`, with the control. */
  public readonly flag?: ReadPathFlag;
  /** The control's fallbacks for reads it handed to the candidate; absent in `direct`, with the control. */
  public readonly candidateFallbacks?: CandidateFallbackAlarm;
  /** The candidate's shadow reads over every version, one of the flag's monitors; absent in `direct`, with the flag. */
  public readonly shadowReads?: ShadowAlarm;
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
    const ctx = readPathContext(this, environment, props.artifacts);
    this.useStateAndProvider(props.stateStore);

    this.alerts = alertTopic(ctx);
    traceSampling(ctx);
    const deployScriptPath = this.addDeployScript(props.artifacts);
    this.logKey = logEncryptionKey(ctx);
    const logKmsKeyArn = this.logKey?.key.arn;

    const delivery = functionDelivery(ctx, { logKmsKeyArn, alarmTopicArn: this.alerts.topic.arn, deployScriptPath });
    this.healthHook = canaryHealthHook(ctx, delivery);
    const readDelivery = checkedDelivery(ctx, delivery, this.healthHook);

    this.database = postgresDatabase(ctx);
    this.migrator = databaseMigrator(ctx, this.database, logKmsKeyArn);
    // Its canary also rolls back a version whose shadow reads drift from the control's contract.
    this.prismaRead = candidateFunction(ctx, { ...readDelivery, additionalRollbackAlarms: canaryShadowAlarm(ctx, this.alerts) }, this.database, this.migrator);
    if (servesThroughControl(environment)) {
      this.candidateFallbacks = candidateFallbackAlarm(ctx, this.alerts);
      this.shadowReads = shadowReadAlarm(ctx, this.alerts);
      this.flag = readPathFlag(ctx, { candidate: this.prismaRead, fallbacks: this.candidateFallbacks, shadowReads: this.shadowReads, deployScriptPath });
      this.mockRead = controlFunction(ctx, readDelivery, this.flag, this.prismaRead);
    }
    // In `direct` the API calls the candidate itself: the same routes, the integration's target moved.
    this.api = readApi(ctx, this.mockRead ?? this.prismaRead, logKmsKeyArn);

    this.addDashboard(ctx);
    if (!this.logKey) acceptLogsServiceKey(this);
    this.addOutputs();
  }

  private useStateAndProvider(stateStore: StateStoreConfig): void {
    const { environment } = this;
    useRemoteState(this, stateStore, stateKey(environment));
    addGuardedAwsProvider(this, {
      region: environment.region,
      accountId: environment.accountId,
      projectName: environment.namePrefix,
      environmentName: environment.name,
      owner: environment.tags.owner,
      costCenter: environment.tags.costCenter,
    });
  }

  /** One copy of the bundled deploy command serves every function's deploy step and the flag's. */
  private addDeployScript(artifacts: BuildArtifacts): string {
    return new TerraformAsset(this, "canary-deploy-script", { path: artifacts.canaryDeployScript.path, type: AssetType.FILE }).path;
  }

  private addDashboard({ environment, names }: ReadPathContext): void {
    const readFunctions = [
      ...(this.mockRead ? [{ title: "mock-read (control)", fn: this.mockRead }] : []),
      { title: "prisma-read (candidate)", fn: this.prismaRead },
    ];
    new ReadPathDashboard(this, "dashboard", {
      name: "dashboard",
      dashboardName: `${environment.namePrefix}-read-path`,
      region: environment.region,
      functions: readFunctions.map(({ title, fn }) => ({
        title,
        functionName: fn.functionName,
        aliasName: fn.aliasName,
        deadLetterQueueName: fn.deadLetterQueueName,
      })),
      api: { apiName: names.api, stageName: this.api.stageName },
      alarmArns: [
        ...[...readFunctions.map(({ fn }) => fn), this.healthHook].flatMap((fn) => fn.alarms.all.map((alarm) => alarm.arn)),
        ...(this.candidateFallbacks ? [this.candidateFallbacks.alarm.arn] : []),
        ...[...this.prismaRead.additionalRollbackAlarms, ...(this.shadowReads ? [this.shadowReads.alarm] : [])].map((alarm) => alarm.arn),
      ],
      // The control's routing decisions, while there is a control.
      routing: this.mockRead ? { namespace: READ_PATH_METRICS_NAMESPACE, serviceName: this.mockRead.functionName } : undefined,
      // The candidate's shadow reads, while there is a control to hand them over.
      shadow: this.shadowReads ? { namespace: READ_PATH_METRICS_NAMESPACE, serviceName: this.prismaRead.functionName } : undefined,
      database: { instanceIdentifier: this.database.instance.identifier },
    });
  }

  private addOutputs(): void {
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
