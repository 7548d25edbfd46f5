# The read path's PostgreSQL: encrypted with its own key (storage, Performance Insights and the
# RDS-managed master secret), private, IAM authentication on, TLS forced, kept from destruction,
# and its inputs refused where RDS would refuse them.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
  # The mock's random text is no policy; the statements asserted below are the configuration's own.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  identifier     = "huntaze-read-path"
  database_name  = "huntaze"
  vpc_id         = "vpc-0a1b2c3d4e5f60001"
  subnet_ids     = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]
  engine_version = "17.4"
}

# The database's key, known at plan: its wiring is checked without an apply, which could not be
# torn down (prevent_destroy).
override_resource {
  target = aws_kms_key.this_key
  override_during = plan
  values = {
    arn = "arn:aws:kms:eu-west-1:111122223333:key/database"
  }
}

override_resource {
  target = aws_security_group.this_security_group
  override_during = plan
  values = {
    id = "sg-database"
  }
}

override_resource {
  target = aws_security_group.this_client_security_group
  override_during = plan
  values = {
    id = "sg-clients"
  }
}

run "encrypts_with_its_own_key_and_stays_private" {
  command = plan

  assert {
    condition = alltrue([
      aws_db_instance.this.storage_encrypted,
      aws_db_instance.this.kms_key_id == "arn:aws:kms:eu-west-1:111122223333:key/database",
      aws_db_instance.this.performance_insights_kms_key_id == "arn:aws:kms:eu-west-1:111122223333:key/database",
      aws_db_instance.this.master_user_secret_kms_key_id == "arn:aws:kms:eu-west-1:111122223333:key/database",
    ])
    error_message = "Storage, Performance Insights and the master secret are encrypted with the database's own key."
  }

  assert {
    condition     = !aws_db_instance.this.publicly_accessible && aws_db_instance.this.vpc_security_group_ids == toset(["sg-database"])
    error_message = "The database is private, behind its own security group only."
  }

  assert {
    condition     = aws_db_instance.this.iam_database_authentication_enabled && aws_db_instance.this.manage_master_user_password && aws_db_instance.this.deletion_protection && !aws_db_instance.this.skip_final_snapshot
    error_message = "IAM authentication, an RDS-managed master password, deletion protection and a final snapshot are on."
  }

  assert {
    condition     = aws_secretsmanager_secret_rotation.this_rotation.rotation_rules[0].automatically_after_days == 30
    error_message = "The master secret RDS manages rotates every 30 days by default."
  }

  assert {
    condition     = aws_db_parameter_group.this_parameters.family == "postgres17" && one([for parameter in aws_db_parameter_group.this_parameters.parameter : parameter.value if parameter.name == "rds.force_ssl"]) == "1"
    error_message = "The parameter group matches the engine's major version and forces TLS."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.this_from_clients.referenced_security_group_id == "sg-clients" && aws_vpc_security_group_ingress_rule.this_from_clients.security_group_id == "sg-database" && aws_vpc_security_group_ingress_rule.this_from_clients.from_port == 5432 && aws_vpc_security_group_ingress_rule.this_from_clients.to_port == 5432
    error_message = "PostgreSQL is reachable from the client security group only, on 5432."
  }
}

run "refuses_a_single_subnet" {
  command = plan

  variables {
    subnet_ids = ["subnet-0a1b2c3d4e5f60011"]
  }

  expect_failures = [var.subnet_ids]
}

run "refuses_a_performance_insights_retention_rds_does_not_offer" {
  command = plan

  variables {
    performance_insights_retention_days = 30
  }

  expect_failures = [var.performance_insights_retention_days]
}

run "refuses_a_monitoring_interval_rds_does_not_offer" {
  command = plan

  variables {
    monitoring_interval_seconds = 7
  }

  expect_failures = [var.monitoring_interval_seconds]
}

run "sends_parameters_at_the_engine_default_as_pending_reboot" {
  command = plan

  # RDS reports a parameter at the engine's default as pending-reboot, whatever set it: sent as
  # immediate, it would show as a change in every plan after the apply.
  assert {
    condition = alltrue([
      one([for parameter in aws_db_parameter_group.this_parameters.parameter : parameter.apply_method if parameter.name == "rds.force_ssl"]) == "pending-reboot",
      one([for parameter in aws_db_parameter_group.this_parameters.parameter : parameter.apply_method if parameter.name == "pg_stat_statements.track"]) == "pending-reboot",
      one([for parameter in aws_db_parameter_group.this_parameters.parameter : parameter.apply_method if parameter.name == "log_min_duration_statement"]) == "immediate",
    ])
    error_message = "On PostgreSQL 17, rds.force_ssl = 1 and pg_stat_statements.track are the engine's defaults (pending-reboot); a 500 ms threshold is not (immediate)."
  }
}

run "applies_what_is_not_the_engine_default_at_once" {
  command = plan

  variables {
    engine_version                = "14"
    log_min_duration_statement_ms = -1
  }

  assert {
    condition = alltrue([
      one([for parameter in aws_db_parameter_group.this_parameters.parameter : parameter.apply_method if parameter.name == "rds.force_ssl"]) == "immediate",
      one([for parameter in aws_db_parameter_group.this_parameters.parameter : parameter.apply_method if parameter.name == "log_min_duration_statement"]) == "pending-reboot",
    ])
    error_message = "Before PostgreSQL 15 rds.force_ssl defaults to 0, so forcing it applies at once; a threshold of -1 is the default."
  }
}

run "leaves_storage_autoscaling_off_unless_given_a_ceiling" {
  command = plan

  assert {
    condition     = aws_db_instance.this.max_allocated_storage == null
    error_message = "Without max_allocated_storage_gb, the storage stays at allocated_storage_gb."
  }
}

run "scales_storage_up_to_its_ceiling" {
  command = plan

  variables {
    max_allocated_storage_gb = 22
  }

  assert {
    condition     = aws_db_instance.this.max_allocated_storage == 22
    error_message = "RDS grows the storage up to max_allocated_storage_gb."
  }
}

run "refuses_a_storage_ceiling_less_than_10_percent_above_the_storage" {
  command = plan

  # RDS refuses a ceiling less than 10 % above the storage: 22 GB for the default 20.
  variables {
    max_allocated_storage_gb = 21
  }

  expect_failures = [var.max_allocated_storage_gb]
}
