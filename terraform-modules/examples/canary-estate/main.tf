# An estate in plain Terraform delivers one of its functions the way the read path delivers its
# own: every new zip is shifted to by a CodeDeploy canary, rolled back by its alarms, which notify
# an encrypted alert topic.

module "alerts" {
  source = "../../alert-topic"

  topic_name = "orders-alerts"
  emails     = var.oncall_emails
}

module "orders_api" {
  source = "../../canary-function"

  function_name                = "orders-api"
  description                  = "Orders read API"
  package_path                 = var.package_path
  memory_size_mb               = 512
  timeout_seconds              = 10
  reserved_concurrency         = 20
  error_rate_threshold_percent = 2
  p95_duration_threshold_ms    = 800
  alarm_topic_arn              = module.alerts.alert_topic_arn

  environment_variables = {
    POWERTOOLS_SERVICE_NAME = "orders-api"
  }
  permissions = [
    {
      sid       = "ReadOrders"
      actions   = ["dynamodb:GetItem", "dynamodb:Query"]
      resources = [aws_dynamodb_table.orders.arn]
    },
  ]
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "orderId"

  attribute {
    name = "orderId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}
