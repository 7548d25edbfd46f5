# The shadow phase's monitor: the share of the candidate's shadow reads that answered another
# contract than the control's or failed, from its own metrics, guarded by volume; bad inputs are refused.

mock_provider "aws" {}

variables {
  function_name     = "huntaze-prisma-read"
  threshold_percent = 1
  alarm_topic_arn   = "arn:aws:sns:eu-west-1:111122223333:alerts"
}

run "judges_every_version_s_shadow_reads" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.this.alarm_name == "huntaze-prisma-read-shadow-drift-rate" && aws_cloudwatch_metric_alarm.this.threshold == 1
    error_message = "The alarm is named after the candidate and fires above the threshold given."
  }

  assert {
    condition = toset([for query in aws_cloudwatch_metric_alarm.this.metric_query : query.metric[0].metric_name if length(query.metric) > 0]) == toset(["ShadowReads", "ShadowMismatches", "ShadowErrors"]) && alltrue([
      for query in aws_cloudwatch_metric_alarm.this.metric_query : query.metric[0].dimensions == tomap({ service = "huntaze-prisma-read" }) && query.metric[0].period == 10 if length(query.metric) > 0
    ])
    error_message = "It reads the candidate's ShadowReads, ShadowMismatches and ShadowErrors, 10 s periods, by its service, over every version."
  }

  assert {
    condition     = [for query in aws_cloudwatch_metric_alarm.this.metric_query : query.expression if query.return_data] == ["IF(reads >= 10, 100 * (FILL(mismatches, 0) + FILL(errors, 0)) / reads, 0)"]
    error_message = "The rate is guarded by the default minimum of 10 shadow reads a period."
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
    minimum_shadow_reads = 2.5
  }

  expect_failures = [var.minimum_shadow_reads]
}
