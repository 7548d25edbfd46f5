# The bucket that holds Terraform state: kept (prevent_destroy, no force_destroy), versioned,
# encrypted with its own rotating key, private, TLS only, and old versions expired after the
# retention given.

mock_provider "aws" {
  # The mock's random text is no policy; the statements asserted below are the configuration's own.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  bucket_name        = "huntaze-tfstate-111122223333-eu-west-1"
  kms_key_alias_name = "alias/huntaze-terraform-state"
}

# The bucket's key, known at plan: its wiring is checked without an apply, which could not be
# torn down (prevent_destroy).
override_resource {
  target = aws_kms_key.this_key
  override_during = plan
  values = {
    arn    = "arn:aws:kms:eu-west-1:111122223333:key/state"
    key_id = "state"
  }
}

run "keeps_versions_encrypts_and_refuses_plain_http" {
  command = plan

  assert {
    condition     = aws_s3_bucket.this.force_destroy == false && aws_s3_bucket_versioning.this_versioning.versioning_configuration[0].status == "Enabled"
    error_message = "The state bucket is versioned and never emptied to be destroyed."
  }

  assert {
    condition     = aws_kms_key.this_key.enable_key_rotation && aws_kms_alias.this_key_alias.target_key_id == "state"
    error_message = "The state key rotates, and the alias names it."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.this_encryption.rule).apply_server_side_encryption_by_default).kms_master_key_id == "arn:aws:kms:eu-west-1:111122223333:key/state"
    error_message = "Objects are encrypted with the bucket's own key by default."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this_public_access.block_public_acls,
      aws_s3_bucket_public_access_block.this_public_access.block_public_policy,
      aws_s3_bucket_public_access_block.this_public_access.ignore_public_acls,
      aws_s3_bucket_public_access_block.this_public_access.restrict_public_buckets,
    ])
    error_message = "Every public access block is on."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.this_tls_only.statement).effect == "Deny" && jsonencode([for condition in one(data.aws_iam_policy_document.this_tls_only.statement).condition : [condition.test, condition.variable, tolist(condition.values)]]) == jsonencode([["Bool", "aws:SecureTransport", ["false"]]])
    error_message = "The bucket policy denies every request without TLS."
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_lifecycle_configuration.this_lifecycle.rule : rule if length(rule.noncurrent_version_expiration) > 0]).noncurrent_version_expiration[0].noncurrent_days == 90
    error_message = "Old state versions are kept 90 days by default."
  }
}

run "refuses_a_bucket_name_s3_would_refuse" {
  command = plan

  variables {
    bucket_name = "Huntaze_State"
  }

  expect_failures = [var.bucket_name]
}

run "refuses_an_alias_in_the_aws_namespace" {
  command = plan

  variables {
    kms_key_alias_name = "alias/aws/s3"
  }

  expect_failures = [var.kms_key_alias_name]
}
