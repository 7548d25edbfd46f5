# An estate in plain Terraform delivers one of its functions the way the read path delivers its
# own: every new zip is shifted to by a CodeDeploy canary, rolled back by its alarms, which notify
# an encrypted alert topic; callers reach the function's live alias through a REST API that asks
# for a Cognito token on every route but the health probe. The function publishes the request
# metrics its canary alarms read (see ../../canary-function/README.md) under its service name.

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

module "orders_http" {
  source = "../../lambda-proxy-api"

  api_name                       = "orders"
  description                    = "Orders read API"
  function_name                  = module.orders_api.canary_function_name
  function_alias_invoke_arn      = module.orders_api.canary_function_alias_invoke_arn
  user_pool_arns                 = [var.customer_pool_arn]
  public_routes                  = [{ path_part = "health", http_method = "GET" }]
  throttle_rate_limit_per_second = 100
  throttle_burst_limit           = 200

  # A stage with logs needs the account's logging role first.
  depends_on = [module.api_logging]
}

# Once per account and region: the role API Gateway writes every API's logs with. The access-log
# group's name is written out (it is known before the API exists); a reference to the API's output
# would make a cycle with the depends_on above.
module "api_logging" {
  source = "../../api-gateway-logging-role"

  role_name              = "api-gateway-logs"
  access_log_group_names = ["/aws/apigateway/orders/v1/access"]
}
