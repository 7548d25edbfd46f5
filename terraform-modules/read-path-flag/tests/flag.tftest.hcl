# The read path's flag: its document carries the mode and share given, AppConfig rolls back on the
# monitor alarms through a role that may only describe those alarms, and bad inputs are refused.

mock_provider "aws" {
  # The mock's random text is no policy; the statements asserted below are the configuration's own.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  application_name   = "huntaze-read-path"
  environment_name   = "dev"
  monitor_alarm_arns = ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:prisma-read-error-rate"]
}

run "serves_the_given_share_and_rolls_back_on_the_alarms" {
  command = plan

  variables {
    mode       = "percentage"
    percentage = 10
  }

  assert {
    condition     = jsondecode(aws_appconfig_hosted_configuration_version.this_version.content).values.prismaRead == { enabled = true, mode = "percentage", percentage = 10 }
    error_message = "The flag document enables prismaRead for 10 % of reads."
  }

  assert {
    condition     = [for monitor in aws_appconfig_environment.this_environment.monitor : monitor.alarm_arn] == ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:prisma-read-error-rate"]
    error_message = "The environment rolls back on each monitor alarm."
  }

  assert {
    condition     = data.aws_iam_policy_document.this_monitor_permissions.statement[0].actions == toset(["cloudwatch:DescribeAlarms"]) && data.aws_iam_policy_document.this_monitor_permissions.statement[0].resources == toset(var.monitor_alarm_arns)
    error_message = "The monitor role may describe the monitor alarms and nothing else."
  }

  assert {
    condition     = jsonencode([for principal in data.aws_iam_policy_document.this_monitor_trust.statement[0].principals : [principal.type, tolist(principal.identifiers)]]) == jsonencode([["Service", ["appconfig.amazonaws.com"]]])
    error_message = "Only AppConfig may assume the monitor role."
  }

  assert {
    condition     = aws_appconfig_deployment_strategy.this_strategy.name == "huntaze-read-path-dev-rollout" && aws_iam_role.this_monitor_role.name == "huntaze-read-path-appconfig-monitors"
    error_message = "The strategy and role names derive from the application and environment."
  }
}

run "turns_the_flag_off_by_default" {
  command = plan

  assert {
    condition     = jsondecode(aws_appconfig_hosted_configuration_version.this_version.content).values.prismaRead.enabled == false
    error_message = "Without a mode, prismaRead is off."
  }
}

run "refuses_an_unknown_mode" {
  command = plan

  variables {
    mode = "half"
  }

  expect_failures = [var.mode]
}

run "refuses_a_share_above_100" {
  command = plan

  variables {
    percentage = 120
  }

  expect_failures = [var.percentage]
}

# The control routes by whole percent: a fraction it would refuse is refused here first.
run "refuses_a_fractional_share" {
  command = plan

  variables {
    percentage = 12.5
  }

  expect_failures = [var.percentage]
}

run "refuses_names_too_long_for_the_strategy" {
  command = plan

  variables {
    application_name = "an-application-name-of-forty-five-characters-"
    environment_name = "an-environment-name"
  }

  expect_failures = [var.environment_name]
}
