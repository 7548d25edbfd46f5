# The alerting estate: an existing function's live alias and dead-letter queue are read, and its
# rollback alarms are named after the function, for its deployment group to roll a canary back on.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
  mock_data "aws_lambda_alias" {
    defaults = {
      name = "live"
    }
  }
  mock_data "aws_sqs_queue" {
    defaults = {
      name = "orders-api-dead-letters"
    }
  }
}

variables {
  function_name = "orders-api"
  oncall_emails = ["oncall@example.com"]
}

run "names_three_rollback_alarms_after_the_function" {
  command = plan

  assert {
    condition     = length(output.rollback_alarm_names) == 3 && alltrue([for name in output.rollback_alarm_names : strcontains(name, "orders-api")])
    error_message = "The estate hands its deployment group three rollback alarms, each named after the function."
  }
}
