# The canary estate: a function behind the read API with its alerts, planned with a mock provider;
# its outputs are the alias callers invoke, the alert topic and the API's URL.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  # Any file: the plan hashes the package to publish a version, and never opens it as a zip.
  package_path      = "main.tf"
  customer_pool_arn = "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Customers"
}

run "plans_the_function_its_api_and_its_alerts" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.orders.point_in_time_recovery[0].enabled && aws_dynamodb_table.orders.server_side_encryption[0].enabled
    error_message = "The orders table is encrypted and recoverable to a point in time."
  }
}
