variable "region" {
  description = "The region the function runs in."
  type        = string
  default     = "eu-west-1"
}

variable "function_name" {
  description = "An existing Lambda function, with a `live` alias and a dead-letter queue named `<function>-dead-letters`."
  type        = string
}

variable "oncall_emails" {
  description = "Who is told when an alarm fires."
  type        = list(string)
  default     = []
}
