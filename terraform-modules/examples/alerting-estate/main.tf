# An estate that manages its Lambda functions in plain Terraform adopts the read path's alerting:
# an encrypted alert topic, and the alarms that judge a canary, for a function it already has.
# The request alarms read the function's own EMF metrics (see ../../function-alarms/README.md).

# Without a qualifier, its newest published version: the one a canary deploys, which the canary
# alarms judge alone.
data "aws_lambda_function" "this" {
  function_name = var.function_name
}

data "aws_lambda_alias" "live" {
  function_name = var.function_name
  name          = "live"
}

data "aws_sqs_queue" "dead_letters" {
  name = "${var.function_name}-dead-letters"
}

module "alerts" {
  source = "../../alert-topic"

  topic_name = "${var.function_name}-alerts"
  emails     = var.oncall_emails
}

module "function_alarms" {
  source = "../../function-alarms"

  function_name                = var.function_name
  alias_name                   = data.aws_lambda_alias.live.name
  target_version               = data.aws_lambda_function.this.version
  dead_letter_queue_name       = data.aws_sqs_queue.dead_letters.name
  error_rate_threshold_percent = 2
  p95_duration_threshold_ms    = 800
  alarm_topic_arn              = module.alerts.alert_topic_arn
}
