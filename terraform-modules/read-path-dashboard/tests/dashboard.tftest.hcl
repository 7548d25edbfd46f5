# The dashboard shows the alarms, and each function's rows read its request metrics where the
# inputs say they are published; bad inputs are refused.

mock_provider "aws" {}

variables {
  dashboard_name                   = "checkout-read-path"
  control_function_name            = "checkout-mock-read"
  control_dead_letter_queue_name   = "checkout-mock-read-dead-letters"
  candidate_function_name          = "checkout-prisma-read"
  candidate_dead_letter_queue_name = "checkout-prisma-read-dead-letters"
  api_name                         = "checkout-read-api"
  metrics_namespace                = "Shop/ReadPath"
  control_service_name             = "checkout-mock-read"
  database_instance_identifier     = "checkout-db"
  alarm_arns                       = ["arn:aws:cloudwatch:eu-west-1:111122223333:alarm:checkout-prisma-read-canary-error-rate"]
}

run "shows_the_alarms_and_each_function_where_it_publishes" {
  command = plan

  assert {
    condition     = jsonencode(jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets[0].properties.alarms) == jsonencode(var.alarm_arns)
    error_message = "The first widget shows the alarms given, with their state."
  }

  assert {
    condition     = jsonencode(jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets[4].properties.metrics[0]) == jsonencode(["Shop/ReadPath", "Requests", "service", "checkout-prisma-read", { id = "requests", stat = "Sum", label = "Requests" }])
    error_message = "The candidate's row reads its requests in the namespace given, its service defaulting to its function's name."
  }
}

run "refuses_a_name_cloudwatch_refuses" {
  command = plan

  variables {
    dashboard_name = "not a dashboard name"
  }

  expect_failures = [var.dashboard_name]
}

run "refuses_an_empty_alarm_list" {
  command = plan

  variables {
    alarm_arns = []
  }

  expect_failures = [var.alarm_arns]
}
