# The alarms judge what callers get: the canary alarms watch the version being deployed alone, on
# the function's own request metrics (10 s periods, guarded by volume) and on Lambda's crashes by
# ExecutedVersion; they are the rollback alarms; bad inputs are refused.

mock_provider "aws" {}

variables {
  function_name                = "checkout"
  target_version               = "7"
  dead_letter_queue_name       = "checkout-dead-letters"
  error_rate_threshold_percent = 2
  p95_duration_threshold_ms    = 800
  alarm_topic_arn              = "arn:aws:sns:eu-west-1:111122223333:alerts"
}

run "canary_alarms_watch_the_deployed_version_alone" {
  command = plan

  assert {
    condition = alltrue([
      for query in aws_cloudwatch_metric_alarm.this_canary_error_rate.metric_query : query.metric[0].dimensions == tomap({ service = "checkout", version = "7" }) if length(query.metric) > 0
    ])
    error_message = "The canary error-rate alarm reads the requests and server errors of version 7 of checkout only."
  }

  assert {
    condition = alltrue([
      for query in aws_cloudwatch_metric_alarm.this_canary_crashes.metric_query : query.metric[0].dimensions == tomap({ FunctionName = "checkout", Resource = "checkout:live", ExecutedVersion = "7" }) if length(query.metric) > 0
    ])
    error_message = "The crash alarm reads Lambda's errors and invocations of version 7 through the live alias."
  }

  assert {
    condition     = [for query in aws_cloudwatch_metric_alarm.this_canary_error_rate.metric_query : query.expression if query.return_data] == ["IF(requests >= 10, 100 * FILL(failures, 0) / requests, 0)"]
    error_message = "The error rate is guarded by the default minimum of 10 requests a period, and a period without failures is 0 %."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this_canary_error_rate.threshold == 2 && aws_cloudwatch_metric_alarm.this_canary_p95_latency.threshold == 800
    error_message = "The thresholds are the ones given."
  }

  assert {
    condition = alltrue([
      for query in aws_cloudwatch_metric_alarm.this_canary_p95_latency.metric_query : query.metric[0].period == 10 if length(query.metric) > 0
    ]) && aws_cloudwatch_metric_alarm.this_canary_p95_latency.evaluation_periods == 3 && aws_cloudwatch_metric_alarm.this_canary_p95_latency.datapoints_to_alarm == 2
    error_message = "Request alarms evaluate 10 s periods, 2 breaching of 3."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this_canary_error_rate.treat_missing_data == "notBreaching"
    error_message = "A quiet function is a healthy one."
  }

  assert {
    condition     = output.function_alarms_rollback_alarm_names == ["checkout-canary-error-rate", "checkout-canary-p95-latency", "checkout-canary-crashes"]
    error_message = "The rollback alarms are the three canary alarms, throttles and dead letters excluded."
  }
}

run "function_alarms_watch_every_version" {
  command = plan

  assert {
    condition = alltrue([
      for query in aws_cloudwatch_metric_alarm.this_error_rate.metric_query : query.metric[0].dimensions == tomap({ service = "checkout" }) if length(query.metric) > 0
    ])
    error_message = "The function-wide error rate reads the service's total, whatever the version."
  }
}

run "takes_the_metrics_namespace_service_and_guard_given" {
  command = plan

  variables {
    request_metrics_namespace = "Shop/Checkout"
    request_metrics_service   = "checkout-api"
    alarm_minimum_requests    = 50
  }

  assert {
    condition = alltrue([
      for query in aws_cloudwatch_metric_alarm.this_canary_error_rate.metric_query : query.metric[0].namespace == "Shop/Checkout" && query.metric[0].dimensions.service == "checkout-api" if length(query.metric) > 0
    ])
    error_message = "The alarms read the request metrics where the function publishes them."
  }

  assert {
    condition     = [for query in aws_cloudwatch_metric_alarm.this_canary_error_rate.metric_query : query.expression if query.return_data] == ["IF(requests >= 50, 100 * FILL(failures, 0) / requests, 0)"]
    error_message = "The volume guard is the one given."
  }
}

run "refuses_a_period_cloudwatch_refuses" {
  command = plan

  variables {
    period_seconds = 45
  }

  expect_failures = [var.period_seconds]
}

run "refuses_more_breaching_periods_than_evaluated" {
  command = plan

  variables {
    datapoints_to_alarm = 4
  }

  expect_failures = [var.datapoints_to_alarm]
}

run "refuses_a_guard_below_one_request" {
  command = plan

  variables {
    alarm_minimum_requests = 0
  }

  expect_failures = [var.alarm_minimum_requests]
}
