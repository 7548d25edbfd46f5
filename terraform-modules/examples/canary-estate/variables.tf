variable "region" {
  description = "The region to deploy to."
  type        = string
  default     = "eu-west-1"
}

variable "package_path" {
  description = "The function's deployment zip, built by the estate's own pipeline."
  type        = string
}

variable "oncall_emails" {
  description = "Who is told when an alarm fires."
  type        = list(string)
  default     = []
}

variable "customer_pool_arn" {
  description = "The Cognito user pool whose tokens the API accepts."
  type        = string
}
