# The control's fallback monitor: the share of the reads handed to the candidate that the control
# served itself, from the control's own metrics, guarded by volume; bad inputs are refused.

mock_provider "aws" {}

variables {
  control_function_name = "huntaze-mock-read"
  threshold_percent     = 2
  alarm_topic_arn       = "arn:aws:sns:eu-west-1:111122223333:alerts"
}

run "judges_fallbacks_against_the_reads_handed_to_the_candidate" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.this_fallback_rate.alarm_name == "huntaze-mock-read-candidate-fallback-rate" && aws_cloudwatch_metric_alarm.this_fallback_rate.threshold == 2
    error_message = "The alarm is named after the control and fires above the threshold given."
  }

  assert {
    condition = toset([for query in aws_cloudwatch_metric_alarm.this_fallback_rate.metric_query : query.metric[0].metric_name if length(query.metric) > 0]) == toset(["CandidateFallbacks", "CandidateReads"]) && alltrue([
      for query in aws_cloudwatch_metric_alarm.this_fallback_rate.metric_query : query.metric[0].dimensions == tomap({ service = "huntaze-mock-read" }) && query.metric[0].period == 10 if length(query.metric) > 0
    ])
    error_message = "It reads the control's CandidateFallbacks and CandidateReads, 10 s periods, by its service."
  }

  assert {
    condition     = [for query in aws_cloudwatch_metric_alarm.this_fallback_rate.metric_query : query.expression if query.return_data] == ["IF(requests >= 10, 100 * FILL(failures, 0) / requests, 0)"]
    error_message = "The rate is guarded by the default minimum of 10 reads a period."
  }
}

run "refuses_a_threshold_above_100" {
  command = plan

  variables {
    threshold_percent = 120
  }

  expect_failures = [var.threshold_percent]
}

run "refuses_a_fractional_guard" {
  command = plan

  variables {
    alarm_minimum_requests = 2.5
  }

  expect_failures = [var.alarm_minimum_requests]
}
