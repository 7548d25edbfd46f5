import { readDatabaseSettings } from "../../../functions/prisma-read/connection/settings";

const rds = { DATABASE_HOST: "db.example.internal", DATABASE_NAME: "huntaze", DATABASE_USER: "huntaze_reader" };

describe("prisma-read's settings", () => {
  it("takes the deployed IAM setting, with the defaults a Lambda needs", () => {
    expect(readDatabaseSettings({ ...rds, DATABASE_IAM_AUTH: "true", AWS_REGION: "eu-west-1" })).toMatchObject({
      DATABASE_PORT: 5432,
      DATABASE_TLS: "verify-full",
      DATABASE_POOL_MAX: 2,
      DATABASE_CONNECT_TIMEOUT_MS: 2000,
      DATABASE_STATEMENT_TIMEOUT_MS: 3000,
      PRISMA_LOG_LEVELS: ["error"],
    });
  });

  it.each([
    ["nothing to connect with", {}, "DATABASE_URL: set DATABASE_URL, or DATABASE_IAM_AUTH=true or DATABASE_SECRET_ARN"],
    ["IAM without a region", { ...rds, DATABASE_IAM_AUTH: "true" }, "AWS_REGION: is required with DATABASE_IAM_AUTH=true"],
    ["IAM without a host", { ...rds, DATABASE_HOST: undefined, DATABASE_IAM_AUTH: "true", AWS_REGION: "eu-west-1" }, "DATABASE_HOST: is required with DATABASE_IAM_AUTH=true"],
    [
      "IAM and a secret at once",
      { ...rds, DATABASE_IAM_AUTH: "true", AWS_REGION: "eu-west-1", DATABASE_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" },
      "DATABASE_SECRET_ARN: cannot be set with DATABASE_IAM_AUTH=true",
    ],
    ["a secret without a user", { ...rds, DATABASE_USER: undefined, DATABASE_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db" }, "DATABASE_USER: is required with DATABASE_SECRET_ARN"],
    ["IAM auth spelled wrong", { ...rds, DATABASE_IAM_AUTH: "yes", AWS_REGION: "eu-west-1" }, "DATABASE_IAM_AUTH: must be true or false"],
    ["a pool larger than a Lambda needs", { DATABASE_URL: "postgresql://localhost/huntaze", DATABASE_POOL_MAX: "10" }, "DATABASE_POOL_MAX: must be between 1 and 2"],
    ["TLS off by a typo", { DATABASE_URL: "postgresql://localhost/huntaze", DATABASE_TLS: "off" }, "DATABASE_TLS:"],
    ["an unknown Prisma log level", { DATABASE_URL: "postgresql://localhost/huntaze", PRISMA_LOG_LEVELS: "error,query" }, "PRISMA_LOG_LEVELS.1: must list only error, warn and info"],
  ])("refuses %s, naming the variable", (_, environment, message) => {
    expect(() => readDatabaseSettings(environment)).toThrow(`prisma-read is misconfigured: `);
    expect(() => readDatabaseSettings(environment)).toThrow(message);
  });
});
