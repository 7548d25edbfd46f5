import { DataResource, Fn, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { CodedeployApp } from "@cdktf/provider-aws/lib/codedeploy-app";
import { CodedeployDeploymentConfig } from "@cdktf/provider-aws/lib/codedeploy-deployment-config";
import { CodedeployDeploymentGroup } from "@cdktf/provider-aws/lib/codedeploy-deployment-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  AFTER_HOOK_VARIABLE,
  DEPLOY_VARIABLES,
  HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE,
  HOOK_VARIABLE,
  MAX_WAIT_VARIABLE,
  MIGRATION_FUNCTION_VARIABLE,
} from "../contracts/canary-deploy-inputs";
import type { AwsLocation } from "./aws-location";
import { accountOfArn, allowPolicyDocument, assumeRoleDocument } from "./iam-policy";
import { numberText } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";

/** A traffic shift of CodeDeploy's own making: a share first, then the rest (canary), or in equal steps (linear). */
export interface CustomDeploymentConfig {
  /** `TimeBasedCanary`: the share, then the rest; `TimeBasedLinear`: the share at each step. */
  readonly type: "TimeBasedCanary" | "TimeBasedLinear";
  /** Share of traffic shifted at each step, 1-99. */
  readonly percentage: number;
  /** Minutes between steps. */
  readonly intervalMinutes: number;
}

export const DEFAULT_MAX_WAIT_SECONDS = 3600;

export const ROLLBACK_EVENTS = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] as const;

/** Props of a CanaryDeployment. */
export interface CanaryDeploymentProps {
  /** Names the Terraform addresses (`aws_codedeploy_deployment_group.<name>`). */
  readonly name: string;
  /** The Lambda function's name; also names the application, deployment group and service role. */
  readonly functionName: string;
  /** The function's unqualified ARN: the service role may shift its aliases and nothing else. */
  readonly functionArn: string;
  /**
   * The function's account: CodeDeploy may assume the service role for it only.
   * @default - read from functionArn, known once the function exists (a plan shows it as unknown)
   */
  readonly accountId?: string;
  /** The alias CodeDeploy shifts from version to version (`live`). */
  readonly aliasName: string;
  /** A predefined configuration (`CodeDeployDefault.LambdaCanary10Percent5Minutes`) or a custom shift. */
  readonly deploymentConfig: string | CustomDeploymentConfig;
  /** Alarms that stop the deployment and roll the alias back. */
  readonly rollbackAlarmNames: readonly string[];
  /** Their ARNs, which the service role may describe and nothing else. */
  readonly rollbackAlarmArns: readonly string[];
  /** The version the apply published (`aws_lambda_function.version`): a new one starts a deployment. */
  readonly publishedVersion: string;
  /**
   * The bundled canary deploy command (deploy/canary-deploy-cli.ts), as a path Terraform's working
   * directory can run with `node`: usually a TerraformAsset's `path`.
   */
  readonly deployScriptPath: string;
  /** Resources the deployment needs to exist first, such as the alias. */
  readonly deployAfter: readonly ITerraformDependable[];
  /**
   * How long the apply waits for the deployment's outcome. Beyond it the apply fails while the
   * deployment goes on (CodeDeploy still rolls back on alarm).
   * @default 3600
   */
  readonly maxWaitSeconds?: number;
  /**
   * A function CodeDeploy invokes before shifting any traffic (AppSpec BeforeAllowTraffic), to
   * check the new version; its verdict can stop the deployment. Its qualified ARN.
   * @default - no hook
   */
  readonly beforeAllowTrafficHookArn?: string;
  /**
   * A function CodeDeploy invokes once all traffic is on the new version (AppSpec AfterAllowTraffic):
   * the bake. Its Failed verdict, or an alarm meanwhile, rolls the deployment back. Its qualified ARN.
   * @default - no bake
   */
  readonly afterAllowTrafficHookArn?: string;
  /**
   * A function the deploy step invokes and awaits before anything else (the database migrator's
   * qualified ARN): a failure stops the deploy before any traffic moves. A new version of it (a new
   * migration) runs the deploy step again, even when this function's version is unchanged.
   * @default - no migration
   */
  readonly migrationFunctionArn?: string;
  /**
   * The deploy step invokes the new version with GET /health (contracts/health-check.ts) before it
   * creates the deployment, and deploys it only on a 200: a version that cannot start never takes
   * traffic. For a function with no beforeAllowTrafficHookArn, such as the hook itself (its live
   * version checking its successor would let a broken hook block its own fix). Whoever runs the
   * apply must be allowed lambda:InvokeFunction on `<function>:*` (docs/deployment.md, the deploy
   * role); where it is not, the apply fails saying so, without a verdict on the version.
   * @default false
   */
  readonly healthCheckBeforeTraffic?: boolean;
}

/**
 * A CodeDeploy application and deployment group that shift a Lambda alias from its current
 * version to a new one by canary or linear steps, and roll back on failure or on any alarm.
 */
export class CanaryDeployment extends NamingScope {
  /** The deployment group's name for a function's alias (`huntaze-mock-read-live`). */
  public static deploymentGroupName(functionName: string, aliasName: string): string {
    return `${functionName}-${aliasName}`;
  }

  /**
   * The deployment group's ARN, known from names alone (the application takes the function's name):
   * a grant that cannot refer to the group without a cycle names it so.
   */
  public static deploymentGroupArn(functionName: string, aliasName: string, location: AwsLocation): string {
    const { partition, region, accountId } = location;
    return `arn:${partition}:codedeploy:${region}:${accountId}:deploymentgroup:${functionName}/${CanaryDeployment.deploymentGroupName(functionName, aliasName)}`;
  }

  public readonly application: CodedeployApp;
  public readonly deploymentGroup: CodedeployDeploymentGroup;
  public readonly serviceRole: IamRole;
  /** The deployment configuration's name, predefined or created here. */
  public readonly deploymentConfigName: string;
  /** Replaced whenever a version is published; creating it runs the deploy command. */
  public readonly trigger: DataResource;

  constructor(scope: Construct, id: string, props: CanaryDeploymentProps) {
    super(scope, id, props);
    if (props.rollbackAlarmNames.length === 0) {
      throw new Error(`${this.node.path}: rollbackAlarmNames must name at least one alarm, or nothing rolls back`);
    }

    this.application = new CodedeployApp(this, PRIMARY_RESOURCE_ID, {
      name: props.functionName,
      computePlatform: "Lambda",
    });

    this.deploymentConfigName =
      typeof props.deploymentConfig === "string"
        ? props.deploymentConfig
        : this.customConfig(props.functionName, props.deploymentConfig).deploymentConfigName;

    // The same hook for both events is granted once; a token is compared as its string, so a caller
    // passes one reference (one read of `alias.arn`) for both.
    const hookArns = [...new Set([props.beforeAllowTrafficHookArn, props.afterAllowTrafficHookArn].filter((arn): arn is string => arn !== undefined))];
    // Least privilege instead of AWSCodeDeployRoleForLambdaLimited: shift this function's alias and
    // read these alarms, nothing more.
    this.serviceRole = new IamRole(this, "service-role", {
      name: `${props.functionName}-codedeploy`,
      assumeRolePolicy: assumeRoleDocument(this, "service-trust", "codedeploy.amazonaws.com", { sourceAccount: props.accountId ?? accountOfArn(props.functionArn) }).json,
    });
    new IamRolePolicy(this, "service-policy", {
      name: "shift-alias",
      role: this.serviceRole.id,
      policy: allowPolicyDocument(this, "service-permissions", [
        {
          sid: "ShiftTheAlias",
          actions: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetProvisionedConcurrencyConfig"],
          resources: [props.functionArn, `${props.functionArn}:*`],
        },
        { sid: "ReadRollbackAlarms", actions: ["cloudwatch:DescribeAlarms"], resources: [...props.rollbackAlarmArns] },
        ...(hookArns.length > 0 ? [{ sid: "RunTheTrafficHook", actions: ["lambda:InvokeFunction"], resources: hookArns }] : []),
      ]).json,
    });

    this.deploymentGroup = new CodedeployDeploymentGroup(this, "group", {
      appName: this.application.name,
      deploymentGroupName: CanaryDeployment.deploymentGroupName(props.functionName, props.aliasName),
      serviceRoleArn: this.serviceRole.arn,
      deploymentConfigName: this.deploymentConfigName,
      deploymentStyle: { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      autoRollbackConfiguration: { enabled: true, events: [...ROLLBACK_EVENTS] },
      alarmConfiguration: { enabled: true, alarms: [...props.rollbackAlarmNames] },
    });

    // The deployment itself, as terraform-aws-modules/lambda's deploy module does it: a resource
    // replaced when the version changes, whose creation runs the deploy command and fails the
    // apply if the canary rolls back. A failed run leaves it tainted, so the next apply runs the
    // command again, which refuses a version whose canary rolled back unless told to retry it
    // (deploy/canary-deploy.ts). The command finds nothing to do on the first apply (the alias
    // starts at the new version).
    // Values reach it as environment variables, never through a shell.
    this.trigger = new DataResource(this, "deploy", {
      triggersReplace: {
        published_version: props.publishedVersion,
        ...(props.migrationFunctionArn ? { migration_function: props.migrationFunctionArn } : {}),
      },
      dependsOn: [this.deploymentGroup, ...props.deployAfter],
      provisioners: [
        {
          type: "local-exec",
          command: `node ${props.deployScriptPath}`,
          environment: {
            AWS_REGION: Fn.element(Fn.split(":", props.functionArn), 3),
            [DEPLOY_VARIABLES.applicationName]: this.application.name,
            [DEPLOY_VARIABLES.deploymentGroupName]: this.deploymentGroup.deploymentGroupName,
            [DEPLOY_VARIABLES.functionName]: props.functionName,
            [DEPLOY_VARIABLES.aliasName]: props.aliasName,
            [DEPLOY_VARIABLES.targetVersion]: props.publishedVersion,
            [MAX_WAIT_VARIABLE]: numberText(props.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS),
            ...(props.beforeAllowTrafficHookArn ? { [HOOK_VARIABLE]: props.beforeAllowTrafficHookArn } : {}),
            ...(props.afterAllowTrafficHookArn ? { [AFTER_HOOK_VARIABLE]: props.afterAllowTrafficHookArn } : {}),
            ...(props.migrationFunctionArn ? { [MIGRATION_FUNCTION_VARIABLE]: props.migrationFunctionArn } : {}),
            ...(props.healthCheckBeforeTraffic ? { [HEALTH_CHECK_BEFORE_TRAFFIC_VARIABLE]: "true" } : {}),
          },
        },
      ],
    });
  }

  private customConfig(functionName: string, config: CustomDeploymentConfig): CodedeployDeploymentConfig {
    if (!Number.isInteger(config.percentage) || config.percentage < 1 || config.percentage > 99) {
      throw new Error(`${this.node.path}: deploymentConfig.percentage must be 1-99, got ${config.percentage}`);
    }
    if (!Number.isInteger(config.intervalMinutes) || config.intervalMinutes < 1) {
      throw new Error(`${this.node.path}: deploymentConfig.intervalMinutes must be a whole number above 0, got ${config.intervalMinutes}`);
    }
    const step = { interval: config.intervalMinutes, percentage: config.percentage };
    return new CodedeployDeploymentConfig(this, "config", {
      deploymentConfigName: `${functionName}-${config.type === "TimeBasedCanary" ? "canary" : "linear"}-${config.percentage}-${config.intervalMinutes}`,
      computePlatform: "Lambda",
      trafficRoutingConfig:
        config.type === "TimeBasedCanary"
          ? { type: "TimeBasedCanary", timeBasedCanary: step }
          : { type: "TimeBasedLinear", timeBasedLinear: step },
    });
  }
}
