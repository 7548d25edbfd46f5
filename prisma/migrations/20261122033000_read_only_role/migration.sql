-- huntaze:edited-by-hand
-- No schema change: the role prisma-read connects as. It may read the four tables and nothing else;
-- it owns nothing and cannot write, so a compromised function cannot change or delete data.
-- Roles belong to the whole server, not to one database: created only when missing, so every
-- database of a server (the test run makes many) can apply this migration.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'huntaze_reader') THEN
    CREATE ROLE huntaze_reader LOGIN;
  END IF;
  -- On RDS, membership of rds_iam makes the role log in with IAM tokens instead of a password.
  -- Elsewhere (local runs, tests) there is no rds_iam, and tests give the role a password.
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN
    GRANT rds_iam TO huntaze_reader;
  END IF;
END
$$;

-- Belt and braces: even a statement the grants would allow runs read-only.
ALTER ROLE huntaze_reader SET default_transaction_read_only = on;

GRANT USAGE ON SCHEMA public TO huntaze_reader;
-- Table by table, on purpose: a table added later is not readable until its migration says so.
GRANT SELECT ON creators, fans, messages, transactions TO huntaze_reader;
