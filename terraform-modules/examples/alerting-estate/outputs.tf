output "alert_topic_arn" {
  description = "Where the function's alarms go; other alarms of the account may notify it too."
  value       = module.alerts.alert_topic_arn
}

output "rollback_alarm_names" {
  description = "Give these to the function's CodeDeploy deployment group (alarm_configuration) to roll a canary back on them."
  value       = module.function_alarms.function_alarms_rollback_alarm_names
}
