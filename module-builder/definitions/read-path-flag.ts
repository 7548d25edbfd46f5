import { FLAG_SHARE_MAXIMUM, FLAG_SHARE_MINIMUM, FLAG_SHARE_RULE } from "../../contracts/flag-share";
import { FLAG_PROFILE_NAME, ReadPathFlag, type PrismaReadFlagValue } from "../../constructs/read-path-flag";
import { PRISMA_READ_FLAG } from "../../contracts/prisma-read-flag";
import type { ModuleDefinition } from "../module-definition";

const NAME = "^[A-Za-z0-9_-]+$";

export const readPathFlagModule: ModuleDefinition = {
  name: "read-path-flag",
  construct: "ReadPathFlag",
  summary: `
The feature flag that moves a read path from one backend to another a share at a time, in AWS
AppConfig, as Huntaze's control reads it: an application, an environment (the stage), a hosted
feature-flag profile \`${FLAG_PROFILE_NAME}\`, the version holding this apply's value, a rollout
strategy and the deployment of that version.

The flag \`${PRISMA_READ_FLAG}\` has two attributes, constrained in the document itself so that AppConfig
refuses a bad version: \`mode\` (\`off\`: no read goes to the candidate; \`percentage\`: that share of
reads does; \`all\`: every read does) and \`percentage\` (a whole number, 0-100: the rule the
control's parser applies, which a JSON-schema validator on the profile enforces too). A change of either makes a new version,
which AppConfig rolls out to the control's containers by the strategy, watching the candidate's
alarms (\`monitor_alarm_arns\`) during the rollout and the bake after it: when one fires, AppConfig
rolls the flag back by itself. It reads the alarms through a role that may describe those alarms
and nothing else.

The control needs \`appconfig:StartConfigurationSession\` and \`appconfig:GetLatestConfiguration\` on
\`read_path_flag_configuration_arn\`, and the three ids (application, environment, profile) to ask for it.`,
  usage: `
module "orders_read_flag" {
  source = "../../read-path-flag"

  application_name   = "orders-read-path"
  environment_name   = "prod"
  mode               = "percentage"
  percentage         = 10
  monitor_alarm_arns = concat(
    module.orders_candidate.canary_function_flag_monitor_alarm_arns,
    [module.orders_candidate_fallbacks.candidate_fallback_alarm_arn],
  )
}`,

  define(stack) {
    const applicationName = stack.input("application_name", {
      type: "string",
      description: "The AppConfig application's name; also prefixes the rollout strategy's and the monitor role's names.",
      validation: [
        {
          condition: `can(regex("${NAME}", var.application_name)) && length(var.application_name) <= 45`,
          errorMessage: "application_name must be 1-45 letters, digits, hyphens or underscores (its role's name adds 19 characters, within IAM's 64).",
        },
      ],
    });
    const environmentName = stack.input("environment_name", {
      type: "string",
      description: "The AppConfig environment: the stage (dev, staging, prod).",
      validation: [
        {
          condition: `can(regex("${NAME}", var.environment_name)) && length(var.application_name) + length(var.environment_name) <= 55`,
          errorMessage: "environment_name must be letters, digits, hyphens or underscores, and with application_name at most 55 characters (the strategy's name adds 9, within AppConfig's 64).",
        },
      ],
    });
    const mode = stack.input("mode", {
      type: "string",
      description: "Which reads go to the candidate: off (none), percentage (that share) or all.",
      default: "off",
      validation: [{ condition: 'contains(["off", "percentage", "all"], var.mode)', errorMessage: "mode must be off, percentage or all." }],
    });
    const percentage = stack.input("percentage", {
      type: "number",
      description: "The share of reads the candidate serves in percentage mode: a whole number, 0-100.",
      default: 0,
      // The rule config, AppConfig's validator and the control's parser share (contracts/flag-share.ts).
      validation: [
        {
          condition: `var.percentage >= ${FLAG_SHARE_MINIMUM} && var.percentage <= ${FLAG_SHARE_MAXIMUM} && floor(var.percentage) == var.percentage`,
          errorMessage: `percentage ${FLAG_SHARE_RULE}.`,
        },
      ],
    });
    const growthType = stack.input("rollout_growth_type", {
      type: "string",
      description: "How the share of the control's containers that see a new value grows: LINEAR or EXPONENTIAL.",
      default: "LINEAR",
      validation: [{ condition: 'contains(["LINEAR", "EXPONENTIAL"], var.rollout_growth_type)', errorMessage: "rollout_growth_type must be LINEAR or EXPONENTIAL." }],
    });
    const growthFactor = stack.input("rollout_growth_factor_percent", {
      type: "number",
      description: "The share added at each step (LINEAR), or the growth rate (EXPONENTIAL), in percent.",
      default: 20,
      validation: [{ condition: "var.rollout_growth_factor_percent >= 1 && var.rollout_growth_factor_percent <= 100", errorMessage: "rollout_growth_factor_percent must be 1-100." }],
    });
    const duration = stack.input("rollout_duration_in_minutes", {
      type: "number",
      description: "How long a rollout takes from the first container to the last, in minutes (0: at once).",
      default: 10,
      validation: [{ condition: "var.rollout_duration_in_minutes >= 0 && var.rollout_duration_in_minutes <= 1440 && floor(var.rollout_duration_in_minutes) == var.rollout_duration_in_minutes", errorMessage: "rollout_duration_in_minutes must be a whole number 0-1440." }],
    });
    const bake = stack.input("rollout_bake_time_in_minutes", {
      type: "number",
      description: "How long AppConfig keeps watching the alarms once every container has the value, in minutes.",
      default: 10,
      validation: [{ condition: "var.rollout_bake_time_in_minutes >= 0 && var.rollout_bake_time_in_minutes <= 1440 && floor(var.rollout_bake_time_in_minutes) == var.rollout_bake_time_in_minutes", errorMessage: "rollout_bake_time_in_minutes must be a whole number 0-1440." }],
    });
    const monitorAlarmArns = stack.input("monitor_alarm_arns", {
      type: "list(string)",
      description: "What creators routed to the candidate get: its error-rate and p95 alarms on every version, and the control's fallback rate (candidate-fallback-alarm). One firing during a rollout or bake rolls the flag back.",
      validation: [
        { condition: "length(var.monitor_alarm_arns) >= 1 && length(var.monitor_alarm_arns) <= 5", errorMessage: "monitor_alarm_arns must name 1-5 alarms (AppConfig watches at most 5)." },
      ],
    });

    const flag = new ReadPathFlag(stack, "this", {
      name: "this",
      applicationName: applicationName.stringValue,
      environmentName: environmentName.stringValue,
      value: { mode: mode.stringValue as PrismaReadFlagValue["mode"], percentage: percentage.numberValue },
      rollout: {
        growthType: growthType.stringValue as "LINEAR" | "EXPONENTIAL",
        growthFactorPercent: growthFactor.numberValue,
        deploymentDurationInMinutes: duration.numberValue,
        finalBakeTimeInMinutes: bake.numberValue,
      },
      monitorAlarmArns: monitorAlarmArns.listValue,
      accountId: stack.accountId,
    });

    stack.output("read_path_flag_application_id", { value: flag.application.id, description: "The AppConfig application's id, for the control's configuration session." });
    stack.output("read_path_flag_environment_id", { value: flag.environment.environmentId, description: "The AppConfig environment's id, for the control's configuration session." });
    stack.output("read_path_flag_profile_id", { value: flag.profile.configurationProfileId, description: "The feature-flag profile's id, for the control's configuration session." });
    stack.output("read_path_flag_configuration_arn", {
      value: flag.profileArn(stack.partition, stack.region, stack.accountId),
      description: "What the control may read, and nothing else: its appconfig:StartConfigurationSession and appconfig:GetLatestConfiguration resource.",
    });
    stack.output("read_path_flag_version_number", { value: flag.version.versionNumber, description: "The hosted version this apply deployed." });
  },
};
