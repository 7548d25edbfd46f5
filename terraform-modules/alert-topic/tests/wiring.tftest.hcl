# The alert topic: encrypted with a key of its own that CloudWatch alarms of the caller's account
# alone may use, and e-mail subscriptions only for addresses.

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
  topic_name = "read-path-alerts"
  emails     = ["oncall@example.com"]
}

run "encrypts_the_topic_for_cloudwatch_of_this_account" {
  command = plan

  assert {
    condition     = aws_sns_topic.this.name == "read-path-alerts"
    error_message = "The topic takes the given name."
  }

  assert {
    condition     = aws_kms_key.this_key.enable_key_rotation && aws_kms_key.this_key.deletion_window_in_days == 30
    error_message = "The topic's key rotates and waits 30 days before deletion."
  }

  assert {
    condition = jsonencode([
      for condition in one([for statement in data.aws_iam_policy_document.this_key_policy.statement : statement if statement.sid == "CloudWatchAlarmsEncrypt"]).condition :
      [condition.test, condition.variable, tolist(condition.values)]
    ]) == jsonencode([["StringEquals", "aws:SourceAccount", ["111122223333"]]])
    error_message = "CloudWatch may use the key only for alarms of the caller's account (aws:SourceAccount)."
  }

  assert {
    condition = jsonencode([
      for principal in one([for statement in data.aws_iam_policy_document.this_key_policy.statement : statement if statement.sid == "AccountAdministers"]).principals :
      [principal.type, tolist(principal.identifiers)]
    ]) == jsonencode([["AWS", ["arn:aws:iam::111122223333:root"]]])
    error_message = "The account root administers the key, so the key cannot become unmanageable."
  }
}

run "refuses_an_email_that_is_not_an_address" {
  command = plan

  variables {
    emails = ["oncall"]
  }

  expect_failures = [var.emails]
}

run "refuses_a_topic_name_sns_would_refuse" {
  command = plan

  variables {
    topic_name = "read path alerts"
  }

  expect_failures = [var.topic_name]
}

run "subscribes_each_address_once" {
  command = plan

  variables {
    emails = ["oncall@example.com", "lead@example.com"]
  }

  assert {
    condition     = toset(keys(aws_sns_topic_subscription.this_email)) == toset(["oncall@example.com", "lead@example.com"]) && alltrue([for subscription in aws_sns_topic_subscription.this_email : subscription.protocol == "email"])
    error_message = "Each address gets one e-mail subscription."
  }
}
