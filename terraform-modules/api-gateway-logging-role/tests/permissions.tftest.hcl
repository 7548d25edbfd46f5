# The role API Gateway writes its logs with: trusted by API Gateway only, allowed to write the
# execution logs and the access log groups it is given, by name, and nothing else.

mock_provider "aws" {
  # The mock's random text is no policy; the statements asserted below are the configuration's own.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
    }
  }
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

variables {
  role_name              = "api-gateway-logging"
  access_log_group_names = ["/aws/apigateway/read-api/v1/access"]
}

run "grants_log_writes_to_the_named_groups_only" {
  command = plan

  assert {
    condition     = jsonencode([for principal in data.aws_iam_policy_document.this_trust.statement[0].principals : [principal.type, tolist(principal.identifiers)]]) == jsonencode([["Service", ["apigateway.amazonaws.com"]]]) && data.aws_iam_policy_document.this_trust.statement[0].actions == toset(["sts:AssumeRole"])
    error_message = "Only API Gateway may assume the logging role."
  }

  assert {
    condition     = [for statement in data.aws_iam_policy_document.this_permissions.statement : statement.sid] == ["FindLogGroups", "WriteApiLogs"]
    error_message = "The logging role's policy has exactly FindLogGroups and WriteApiLogs."
  }

  assert {
    condition = alltrue([
      for arn in data.aws_iam_policy_document.this_permissions.statement[1].resources :
      startswith(arn, "arn:aws:logs:") && strcontains(arn, ":111122223333:log-group:")
    ])
    error_message = "Every log-writing resource is a log group of the caller's account."
  }

  assert {
    condition = length([
      for arn in data.aws_iam_policy_document.this_permissions.statement[1].resources : arn
      if endswith(arn, ":log-group:/aws/apigateway/read-api/v1/access") || endswith(arn, ":log-group:/aws/apigateway/read-api/v1/access:*")
    ]) == 2
    error_message = "The access log group is granted by name, the group and its streams."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.this_permissions.statement[1].resources) == 3
    error_message = "Writes reach the execution logs and the named access log group, nothing more."
  }

  assert {
    condition     = aws_iam_role_policy.this_policy.name == "write-api-logs" && aws_iam_role.this_role.name == "api-gateway-logging"
    error_message = "The role and its policy carry the given and fixed names."
  }
}

run "refuses_a_log_group_arn_where_a_name_is_expected" {
  command = plan

  variables {
    access_log_group_names = ["arn:aws:logs:eu-west-1:111122223333:log-group:access"]
  }

  expect_failures = [var.access_log_group_names]
}

run "refuses_a_role_name_iam_would_refuse" {
  command = plan

  variables {
    role_name = "api gateway logging"
  }

  expect_failures = [var.role_name]
}
