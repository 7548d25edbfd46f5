# The read API in front of a Lambda alias: every route but the declared public ones needs a Cognito
# identity, public routes are read-only, only this API's stage may invoke the alias, and the
# stage's throttling is the one given.

mock_provider "aws" {}

override_resource {
  target          = aws_api_gateway_rest_api.this
  override_during = plan
  values = {
    id            = "a1b2c3d4e5"
    execution_arn = "arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5"
  }
}

variables {
  api_name                       = "huntaze-read-api"
  function_name                  = "huntaze-mock-read"
  function_alias_invoke_arn      = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:111122223333:function:huntaze-mock-read:live/invocations"
  user_pool_arns                 = ["arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Pool"]
  public_routes                  = [{ path_part = "health", http_method = "GET" }]
  throttle_rate_limit_per_second = 50
  throttle_burst_limit           = 100
}

run "guards_every_route_but_the_public_ones" {
  command = plan

  assert {
    condition     = aws_api_gateway_method.this_proxy_method.authorization == "COGNITO_USER_POOLS" && aws_api_gateway_method.this_proxy_method.http_method == "ANY"
    error_message = "The proxy route takes any method and needs a Cognito identity."
  }

  assert {
    condition     = aws_api_gateway_authorizer.this_authorizer.type == "COGNITO_USER_POOLS" && aws_api_gateway_authorizer.this_authorizer.provider_arns == toset(var.user_pool_arns)
    error_message = "The authorizer trusts the given user pools."
  }

  assert {
    condition     = keys(aws_api_gateway_method.this_public_method) == ["health"] && aws_api_gateway_method.this_public_method["health"].authorization == "NONE" && aws_api_gateway_method.this_public_method["health"].http_method == "GET"
    error_message = "Only the declared public route answers without an identity, with its read-only method."
  }

  assert {
    condition     = alltrue([for integration in concat([aws_api_gateway_integration.this_proxy_integration], values(aws_api_gateway_integration.this_public_integration)) : integration.type == "AWS_PROXY" && integration.uri == var.function_alias_invoke_arn])
    error_message = "Every route invokes the function's alias through the Lambda proxy integration."
  }

  assert {
    condition     = aws_lambda_permission.this_invoke_permission.source_arn == "arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/v1/*/*" && aws_lambda_permission.this_invoke_permission.qualifier == "live" && aws_lambda_permission.this_invoke_permission.principal == "apigateway.amazonaws.com"
    error_message = "Only this API's stage may invoke the live alias."
  }

  assert {
    condition     = aws_api_gateway_method_settings.this_method_settings.settings[0].throttling_rate_limit == 50 && aws_api_gateway_method_settings.this_method_settings.settings[0].throttling_burst_limit == 100 && aws_api_gateway_method_settings.this_method_settings.settings[0].data_trace_enabled == false
    error_message = "The stage throttles at the given rate and burst, and logs no request bodies."
  }
}

run "refuses_no_user_pool" {
  command = plan

  variables {
    user_pool_arns = []
  }

  expect_failures = [var.user_pool_arns]
}

run "refuses_a_public_route_that_writes" {
  command = plan

  variables {
    public_routes = [{ path_part = "health", http_method = "POST" }]
  }

  expect_failures = [var.public_routes]
}

run "refuses_two_public_routes_on_one_path" {
  command = plan

  variables {
    public_routes = [{ path_part = "health", http_method = "GET" }, { path_part = "health", http_method = "HEAD" }]
  }

  expect_failures = [var.public_routes]
}
