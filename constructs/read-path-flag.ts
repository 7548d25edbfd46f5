import { createHash } from "node:crypto";
import { DataResource, Fn, type IResolvable, type ITerraformDependable, Op, TerraformIterator, Token } from "cdktf";
import type { Construct } from "constructs";
import { AppconfigApplication } from "@cdktf/provider-aws/lib/appconfig-application";
import { AppconfigConfigurationProfile } from "@cdktf/provider-aws/lib/appconfig-configuration-profile";
import { AppconfigDeployment } from "@cdktf/provider-aws/lib/appconfig-deployment";
import { AppconfigDeploymentStrategy } from "@cdktf/provider-aws/lib/appconfig-deployment-strategy";
import { AppconfigEnvironment } from "@cdktf/provider-aws/lib/appconfig-environment";
import { AppconfigHostedConfigurationVersion } from "@cdktf/provider-aws/lib/appconfig-hosted-configuration-version";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  DEPLOY_STEP_VARIABLE,
  FLAG_DEPLOYMENT_NUMBER_VARIABLE,
  FLAG_MAX_WAIT_VARIABLE,
  FLAG_STEPS,
  FLAG_VARIABLES,
} from "../contracts/flag-rollout-inputs";
import { FLAG_SHARE_JSON_SCHEMA, FLAG_SHARE_MAXIMUM, FLAG_SHARE_MINIMUM } from "../contracts/flag-share";
import { PRISMA_READ_FLAG, PRISMA_READ_FLAG_MODES, type PrismaReadFlagMode } from "../contracts/prisma-read-flag";
import { allowPolicyDocument, assumeRoleDocument } from "./iam-policy";
import { jsonencode } from "./hcl-expression";
import { knownAtSynth, numberText } from "./known-at-synth";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { checkNumberRule } from "./number-rule";
import { FLAG_ROLLOUT_GROWTH_TYPES, READ_PATH_FLAG_RULES, rolloutStrategyName } from "./read-path-flag-rules";
import { checkListRule, checkTextRule } from "./text-rule";

export const FLAG_PROFILE_NAME = "read-path-flags";
/** The rollout step waits this long beyond the strategy's own duration and bake. */
export const FLAG_WAIT_MARGIN_SECONDS = 600;

/** Which reads the control hands to the Prisma candidate. */
export interface PrismaReadFlagValue {
  /** `off`: none; `shadow`: that share of reads, in the dark; `percentage`: that share of creators; `all`: every read. */
  readonly mode: PrismaReadFlagMode;
  /** 0-100; read in `shadow` and `percentage` modes. */
  readonly percentage: number;
}

/** An AppConfig deployment strategy. */
export interface FlagRollout {
  /** How the share of callers that see the new value grows at each step. */
  readonly growthType: (typeof FLAG_ROLLOUT_GROWTH_TYPES)[number];
  /** The share added (LINEAR) or the growth rate (EXPONENTIAL) at each step, in percent. */
  readonly growthFactorPercent: number;
  /** How long the rollout takes from first to last caller. */
  readonly deploymentDurationInMinutes: number;
  /** How long AppConfig keeps watching the alarms once every caller has the value. */
  readonly finalBakeTimeInMinutes: number;
}

/** Props of a ReadPathFlag. */
export interface ReadPathFlagProps {
  /** Names the Terraform addresses (`aws_appconfig_application.<name>`). */
  readonly name: string;
  /** The AppConfig application's name, and the prefix of the strategy's and role's names. */
  readonly applicationName: string;
  /** The AppConfig environment: the stage (dev, staging, prod). */
  readonly environmentName: string;
  /** The flag's value this apply rolls out. */
  readonly value: PrismaReadFlagValue;
  /** How fast AppConfig rolls a new value out, and how long it watches the alarms after. */
  readonly rollout: FlagRollout;
  /**
   * Alarms AppConfig watches while it rolls a new value out and during the bake: when one fires,
   * AppConfig rolls the flag back by itself. The candidate's error-rate and latency alarms.
   */
  readonly monitorAlarmArns: readonly string[];
  /** The account the flag lives in: AppConfig may assume the monitor role for this account's applications only. */
  readonly accountId: string;
  /**
   * The bundled deploy command (deploy/canary-deploy-cli.ts), as CanaryDeploymentProps.deployScriptPath:
   * with it, an apply checks that no rollout is running before a new value (flag-preflight) and
   * waits for its rollout to finish, failing when AppConfig rolls it back (flag-rollout).
   * @default - no steps: the apply returns once AppConfig has started the deployment
   */
  readonly deployScriptPath?: string;
  /**
   * What a new value waits for, with the steps: the candidate's deploy step, so that reads reach
   * it only once its version and the database's migrations are in place.
   * @default - nothing
   */
  readonly deployAfter?: readonly ITerraformDependable[];
}

/**
 * The feature-flag document AppConfig hosts (type AWS.AppConfig.FeatureFlags). Its attribute
 * constraints are the profile's validator: AppConfig refuses a version whose `mode` is not one of
 * the contract's, or whose `percentage` is not 0-100. (JSON Schema validators are for free-form profiles.)
 * Written out when the value is known at synth; a `jsonencode` expression when Terraform knows it
 * only at plan (a module's input).
 */
export function featureFlagDocument(value: PrismaReadFlagValue): string {
  const known = knownAtSynth(value.mode) && knownAtSynth(value.percentage);
  const document = {
    version: "1",
    flags: {
      [PRISMA_READ_FLAG]: {
        name: PRISMA_READ_FLAG,
        description: "Which share of reads huntaze-mock-read hands to huntaze-prisma-read",
        attributes: {
          mode: { constraints: { type: "string", enum: [...PRISMA_READ_FLAG_MODES], required: true } },
          percentage: { constraints: { type: "number", minimum: FLAG_SHARE_MINIMUM, maximum: FLAG_SHARE_MAXIMUM, required: true } },
        },
      },
    },
    values: {
      [PRISMA_READ_FLAG]: { enabled: known ? value.mode !== "off" : Op.neq(value.mode, "off"), mode: value.mode, percentage: value.percentage },
    },
  };
  return known ? JSON.stringify(document) : jsonencode(document);
}

/**
 * The profile's JSON-schema validator: AppConfig refuses a hosted version whose share breaks the
 * rule config and the control's parser apply (contracts/flag-share.ts). The attribute constraints
 * above cannot say it: their number type has no "whole number".
 */
export function flagDocumentJsonSchema(): object {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["values"],
    properties: {
      values: {
        type: "object",
        required: [PRISMA_READ_FLAG],
        properties: { [PRISMA_READ_FLAG]: { type: "object", required: ["percentage"], properties: { percentage: FLAG_SHARE_JSON_SCHEMA } } },
      },
    },
  };
}

/** The version's description: `prismaRead: percentage 20 %`, `prismaRead: shadow 5 %`, `prismaRead: all`. */
function valueDescription(value: PrismaReadFlagValue): string {
  const share = `${PRISMA_READ_FLAG}: ${value.mode} ${numberText(value.percentage)} %`;
  if (knownAtSynth(value.mode)) return value.mode === "percentage" || value.mode === "shadow" ? share : `${PRISMA_READ_FLAG}: ${value.mode}`;
  return Fn.conditional(Op.or(Op.eq(value.mode, "percentage"), Op.eq(value.mode, "shadow")), share, `${PRISMA_READ_FLAG}: ${value.mode}`);
}

/**
 * The prismaRead flag in AppConfig, per environment: the application, the stage's environment
 * watched by the candidate's alarms, the feature-flag profile, the hosted version built from the
 * environment's config, the rollout strategy and the deployment of that version. Changing the
 * configured value creates a new version and deploys it by the strategy; an alarm during the
 * rollout or bake rolls it back.
 */
export class ReadPathFlag extends NamingScope {
  public readonly application: AppconfigApplication;
  public readonly environment: AppconfigEnvironment;
  public readonly profile: AppconfigConfigurationProfile;
  public readonly version: AppconfigHostedConfigurationVersion;
  public readonly deployment: AppconfigDeployment;
  /** Runs before a new value's hosted version: stops the apply while a rollout is running. */
  public readonly preflight?: DataResource;
  /** Runs after the deployment started: waits for COMPLETE, fails on a rollback. */
  public readonly rolloutWait?: DataResource;

  constructor(scope: Construct, id: string, props: ReadPathFlagProps) {
    super(scope, id, props);
    checkProps(this.node.path, props);
    this.application = new AppconfigApplication(this, PRIMARY_RESOURCE_ID, {
      name: props.applicationName,
      description: "Feature flags of Huntaze's read path",
    });

    // AppConfig reads the alarms' state with this role; it may describe those alarms and nothing else.
    const monitorRole = new IamRole(this, "monitor-role", {
      name: `${props.applicationName}-appconfig-monitors`,
      assumeRolePolicy: assumeRoleDocument(this, "monitor-trust", "appconfig.amazonaws.com", { sourceAccount: props.accountId }).json,
    });
    new IamRolePolicy(this, "monitor-policy", {
      name: "describe-monitor-alarms",
      role: monitorRole.id,
      policy: allowPolicyDocument(this, "monitor-permissions", [
        { sid: "DescribeMonitorAlarms", actions: ["cloudwatch:DescribeAlarms"], resources: [...props.monitorAlarmArns] },
      ]).json,
    });

    this.environment = new AppconfigEnvironment(this, "environment", {
      applicationId: this.application.id,
      name: props.environmentName,
      description: "Rolled back by AppConfig when one of the candidate's alarms fires",
      monitor: knownAtSynth(props.monitorAlarmArns)
        ? props.monitorAlarmArns.map((alarmArn) => ({ alarmArn, alarmRoleArn: monitorRole.arn }))
        : monitorBlocks(props.monitorAlarmArns, monitorRole.arn),
    });

    this.profile = new AppconfigConfigurationProfile(this, "profile", {
      applicationId: this.application.id,
      name: FLAG_PROFILE_NAME,
      description: "The prismaRead flag",
      locationUri: "hosted",
      type: "AWS.AppConfig.FeatureFlags",
      validator: [{ type: "JSON_SCHEMA", content: JSON.stringify(flagDocumentJsonSchema()) }],
    });

    const content = featureFlagDocument(props.value);
    const region = Fn.element(Fn.split(":", this.application.arn), 3);
    const flagVariables = {
      AWS_REGION: region,
      [FLAG_VARIABLES.applicationId]: this.application.id,
      [FLAG_VARIABLES.environmentId]: this.environment.environmentId,
    };
    // Replaced with each new value: its creation runs the check before the version is made.
    this.preflight = props.deployScriptPath
      ? new DataResource(this, "rollout-preflight", {
          // A digest, not the document: the reviewed HCL would render a JSON string here as an object.
          triggersReplace: { content_sha256: knownAtSynth(content) ? createHash("sha256").update(content).digest("hex") : Fn.sha256(content) },
          dependsOn: props.deployAfter ? [...props.deployAfter] : undefined,
          provisioners: [
            { type: "local-exec", command: `node ${props.deployScriptPath}`, environment: { ...flagVariables, [DEPLOY_STEP_VARIABLE]: FLAG_STEPS.preflight } },
          ],
        })
      : undefined;

    this.version = new AppconfigHostedConfigurationVersion(this, "version", {
      applicationId: this.application.id,
      configurationProfileId: this.profile.configurationProfileId,
      contentType: "application/json",
      content,
      description: valueDescription(props.value),
      // The deployed version is deleted only once its successor exists (and, with the steps, once
      // its rollout is COMPLETE): never a moment with neither.
      lifecycle: { createBeforeDestroy: true },
      dependsOn: this.preflight ? [this.preflight] : undefined,
    });

    const strategy = new AppconfigDeploymentStrategy(this, "strategy", {
      name: rolloutStrategyName(props.applicationName, props.environmentName),
      description: "How a new flag value reaches the control's containers",
      growthType: props.rollout.growthType,
      growthFactor: props.rollout.growthFactorPercent,
      deploymentDurationInMinutes: props.rollout.deploymentDurationInMinutes,
      finalBakeTimeInMinutes: props.rollout.finalBakeTimeInMinutes,
      replicateTo: "NONE",
    });

    this.deployment = new AppconfigDeployment(this, "deployment", {
      applicationId: this.application.id,
      environmentId: this.environment.environmentId,
      configurationProfileId: this.profile.configurationProfileId,
      configurationVersion: Token.asString(this.version.versionNumber),
      deploymentStrategyId: strategy.id,
      description: "The flag value from this environment's configuration",
    });

    const rollout = props.rollout;
    const maxWaitSeconds =
      knownAtSynth(rollout.deploymentDurationInMinutes) && knownAtSynth(rollout.finalBakeTimeInMinutes)
        ? (rollout.deploymentDurationInMinutes + rollout.finalBakeTimeInMinutes) * 60 + FLAG_WAIT_MARGIN_SECONDS
        : undefined;
    // Replaced with each deployment: its creation waits for the rollout's outcome and fails the
    // apply when AppConfig rolls it back. A failed wait stays tainted, so the next apply waits again.
    this.rolloutWait = props.deployScriptPath
      ? new DataResource(this, "rollout-wait", {
          triggersReplace: { deployment_number: this.deployment.deploymentNumber },
          dependsOn: [this.deployment],
          provisioners: [
            {
              type: "local-exec",
              command: `node ${props.deployScriptPath}`,
              environment: {
                ...flagVariables,
                [DEPLOY_STEP_VARIABLE]: FLAG_STEPS.rollout,
                [FLAG_DEPLOYMENT_NUMBER_VARIABLE]: Token.asString(this.deployment.deploymentNumber),
                ...(maxWaitSeconds === undefined ? {} : { [FLAG_MAX_WAIT_VARIABLE]: String(maxWaitSeconds) }),
              },
            },
          ],
        })
      : undefined;
  }

  /** The profile's ARN, for the control's permission to read it (and nothing else). */
  profileArn(partition: string, region: string, accountId: string): string {
    return `arn:${partition}:appconfig:${region}:${accountId}:application/${this.application.id}/environment/${this.environment.environmentId}/configuration/${this.profile.configurationProfileId}`;
  }
}

/** The props' rules (read-path-flag-rules.ts), for the values known at synth. */
function checkProps(path: string, props: ReadPathFlagProps): void {
  const rules = READ_PATH_FLAG_RULES;
  checkTextRule(path, "applicationName", rules.applicationName, props.applicationName);
  checkTextRule(path, "environmentName", rules.environmentName, props.environmentName);
  if (knownAtSynth(props.applicationName) && knownAtSynth(props.environmentName)) {
    checkTextRule(path, "applicationName with environmentName", rules.rolloutStrategyName, rolloutStrategyName(props.applicationName, props.environmentName));
  }
  checkTextRule(path, "value.mode", rules.value.mode, props.value.mode);
  checkNumberRule(path, "value.percentage", rules.value.percentage, props.value.percentage);
  checkTextRule(path, "rollout.growthType", rules.rollout.growthType, props.rollout.growthType);
  for (const prop of ["growthFactorPercent", "deploymentDurationInMinutes", "finalBakeTimeInMinutes"] as const) {
    checkNumberRule(path, `rollout.${prop}`, rules.rollout[prop], props.rollout[prop]);
  }
  checkListRule(path, "monitorAlarmArns", rules.monitorAlarmArns, props.monitorAlarmArns);
}

/** One `monitor` block per alarm of a list Terraform knows only at plan: a dynamic block. */
function monitorBlocks(alarmArns: readonly string[], alarmRoleArn: string): IResolvable {
  const alarms = TerraformIterator.fromList([...alarmArns]);
  return alarms.dynamic({ alarm_arn: alarms.value, alarm_role_arn: alarmRoleArn });
}
