import { FLAG_PROFILE_NAME, ReadPathFlag, type FlagRollout, type PrismaReadFlagValue } from "../../constructs/read-path-flag";
import { READ_PATH_FLAG_RULES, rolloutStrategyName } from "../../constructs/read-path-flag-rules";
import { textRuleText } from "../../constructs/text-rule";
import { PRISMA_READ_FLAG } from "../../contracts/prisma-read-flag";
import type { ModuleDefinition } from "../module-definition";
import { numberRuleInput } from "./number-rule-input";
import { listRuleInput, textRuleCondition, textRuleInput } from "./text-rule-input";

export const readPathFlagModule: ModuleDefinition = {
  name: "read-path-flag",
  construct: "ReadPathFlag",
  summary: `
The feature flag that moves a read path from one backend to another a share at a time, in AWS
AppConfig, as Huntaze's control reads it: an application, an environment (the stage), a hosted
feature-flag profile \`${FLAG_PROFILE_NAME}\`, the version holding this apply's value, a rollout
strategy and the deployment of that version.

The flag \`${PRISMA_READ_FLAG}\` has two attributes, constrained in the document itself so that AppConfig
refuses a bad version: \`mode\` (\`off\`: no read goes to the candidate; \`shadow\`: that share of
reads also goes to it in the dark, the control still answering; \`percentage\`: that share of reads
does; \`all\`: every read does) and \`percentage\` (a whole number, 0-100: the rule the
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
    // Rules, defaults and messages are the construct's (read-path-flag-rules.ts).
    const rules = READ_PATH_FLAG_RULES;
    const applicationName = stack.input(
      "application_name",
      textRuleInput("application_name", rules.applicationName, "The AppConfig application's name; also prefixes the rollout strategy's and the monitor role's names."),
    );
    const strategyName = `"${rolloutStrategyName("${var.application_name}", "${var.environment_name}")}"`;
    const environmentName = stack.input(
      "environment_name",
      textRuleInput("environment_name", rules.environmentName, "The AppConfig environment: the stage (dev, staging, prod).", [
        {
          condition: textRuleCondition(strategyName, rules.rolloutStrategyName),
          errorMessage: `application_name and environment_name must ${textRuleText(rules.rolloutStrategyName)}.`,
        },
      ]),
    );
    const mode = stack.input(
      "mode",
      textRuleInput("mode", rules.value.mode, "Which reads go to the candidate: off (none), shadow (that share, in the dark: the control still answers), percentage (that share) or all."),
    );
    const percentage = stack.input(
      "percentage",
      numberRuleInput("percentage", rules.value.percentage, "The share of reads the candidate serves in percentage mode, or sees in shadow mode: a whole number, 0-100."),
    );
    const growthType = stack.input(
      "rollout_growth_type",
      textRuleInput("rollout_growth_type", rules.rollout.growthType, "How the share of the control's containers that see a new value grows: LINEAR or EXPONENTIAL."),
    );
    const growthFactor = stack.input(
      "rollout_growth_factor_percent",
      numberRuleInput("rollout_growth_factor_percent", rules.rollout.growthFactorPercent, "The share added at each step (LINEAR), or the growth rate (EXPONENTIAL), in percent."),
    );
    const duration = stack.input(
      "rollout_duration_in_minutes",
      numberRuleInput("rollout_duration_in_minutes", rules.rollout.deploymentDurationInMinutes, "How long a rollout takes from the first container to the last, in minutes (0: at once)."),
    );
    const bake = stack.input(
      "rollout_bake_time_in_minutes",
      numberRuleInput("rollout_bake_time_in_minutes", rules.rollout.finalBakeTimeInMinutes, "How long AppConfig keeps watching the alarms once every container has the value, in minutes."),
    );
    const monitorAlarmArns = stack.input(
      "monitor_alarm_arns",
      listRuleInput(
        "monitor_alarm_arns",
        rules.monitorAlarmArns,
        "What creators routed to the candidate get: its error-rate and p95 alarms on every version, and the control's fallback rate (candidate-fallback-alarm). One firing during a rollout or bake rolls the flag back.",
      ),
    );

    const flag = new ReadPathFlag(stack, "this", {
      name: "this",
      applicationName: applicationName.stringValue,
      environmentName: environmentName.stringValue,
      value: { mode: mode.stringValue as PrismaReadFlagValue["mode"], percentage: percentage.numberValue },
      rollout: {
        growthType: growthType.stringValue as FlagRollout["growthType"],
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
