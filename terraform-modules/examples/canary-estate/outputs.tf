output "orders_api_alias_arn" {
  description = "What callers invoke: the live alias, which the canary shifts."
  value       = module.orders_api.canary_function_alias_arn
}

output "alert_topic_arn" {
  description = "Where the function's alarms go."
  value       = module.alerts.alert_topic_arn
}

output "orders_url" {
  description = "Where callers send reads: https://.../v1, with a customer's token (GET /v1/health needs none)."
  value       = module.orders_http.lambda_proxy_api_url
}
