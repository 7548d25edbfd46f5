# A function delivered by canary: its deployment group rolls back on the canary alarms of the
# version the apply publishes, its role writes its own logs and nothing wider, a VPC function's
# network interfaces are granted in its own subnets only, and bad inputs are refused.

mock_provider "aws" {
  # The mock's random text is no policy; the statements asserted below are the configuration's own.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
}

variables {
  function_name                = "checkout"
  package_path                 = "checkout.zip"
  source_code_hash             = "bm90IGEgcmVhbCBoYXNo"
  memory_size_mb               = 512
  timeout_seconds              = 10
  reserved_concurrency         = 5
  error_rate_threshold_percent = 2
  p95_duration_threshold_ms    = 800
  alarm_topic_arn              = "arn:aws:sns:eu-west-1:111122223333:alerts"
}

run "rolls_back_on_the_canary_alarms_of_the_published_version" {
  command = plan

  assert {
    condition     = aws_codedeploy_deployment_group.this_group.alarm_configuration[0].alarms == toset(["checkout-canary-error-rate", "checkout-canary-p95-latency", "checkout-canary-crashes"])
    error_message = "The deployment group rolls back on the three canary alarms, and on no throttle or dead-letter alarm."
  }

  assert {
    condition     = aws_codedeploy_deployment_group.this_group.auto_rollback_configuration[0].events == toset(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"])
    error_message = "A failure or an alarm rolls the deployment back."
  }

  assert {
    condition     = aws_lambda_function.this.publish == true && aws_lambda_alias.this_live.name == "live"
    error_message = "Every change publishes a version for the canary to shift the live alias to."
  }
}

run "writes_its_own_logs_only" {
  command = plan

  assert {
    condition     = [for statement in data.aws_iam_policy_document.this_execution_permissions.statement : statement.sid] == ["WriteOwnLogs", "SendOwnDeadLetters", "WriteTraces"]
    error_message = "The role may write its logs, dead letters and traces, and nothing else without permissions given."
  }

  assert {
    condition     = length(aws_iam_role_policy.this_vpc_access) == 0
    error_message = "Outside a VPC the function gets no network-interface permissions."
  }

  assert {
    condition     = alltrue([for statement in data.aws_iam_policy_document.this_service_trust.statement : length(statement.condition) > 0])
    error_message = "CodeDeploy may assume the service role for this account only."
  }
}

run "grants_network_interfaces_in_its_own_subnets" {
  command = plan

  variables {
    subnet_ids         = ["subnet-0aaa", "subnet-0bbb"]
    security_group_ids = ["sg-0ccc"]
  }

  assert {
    condition     = length(aws_iam_role_policy.this_vpc_access) == 1
    error_message = "In a VPC the function gets its network-interface policy."
  }

  assert {
    condition = alltrue([
      for suffix in ["subnet/subnet-0aaa", "subnet/subnet-0bbb", "security-group/sg-0ccc", "network-interface/*"] :
      anytrue([for resource in data.aws_iam_policy_document.this_vpc_access_permissions.statement[0].resources : endswith(resource, suffix)])
    ]) && length(data.aws_iam_policy_document.this_vpc_access_permissions.statement[0].resources) == 4
    error_message = "Interfaces are created only in the given subnets with the given security groups."
  }
}

run "refuses_a_wildcard_action" {
  command = plan

  variables {
    permissions = [{ sid = "Everything", actions = ["dynamodb:*"], resources = ["*"] }]
  }

  expect_failures = [var.permissions]
}

run "refuses_a_name_too_long_for_its_roles" {
  command = plan

  variables {
    function_name = "a-function-name-long-enough-to-overflow-the-role-name-suffixes"
  }

  expect_failures = [var.function_name]
}

run "refuses_subnets_without_security_groups" {
  command = plan

  variables {
    subnet_ids = ["subnet-0aaa"]
  }

  expect_failures = [var.security_group_ids]
}
