import { DatabaseMigrator, type DatabaseMigratorProps } from "../../constructs/database-migrator";
import { fixtureArtifact } from "../support/function-code";
import { onlyResource, stackWithAwsProvider, synthesize, type TerraformJson } from "../support/synth";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1111";

function synthesizeMigrator(overrides: Partial<DatabaseMigratorProps> = {}): TerraformJson {
  const stack = stackWithAwsProvider();
  new DatabaseMigrator(stack, "migrator", {
    name: "db-migrator",
    functionName: "huntaze-db-migrator",
    code: fixtureArtifact("db-migrator"),
    adminSecretArn: SECRET_ARN,
    adminSecretKmsKeyArn: KEY_ARN,
    databaseHost: "db.internal",
    databasePort: 5432,
    databaseName: "huntaze",
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    databaseClientSecurityGroupIds: ["sg-clients"],
    partition: "aws",
    region: "eu-west-1",
    accountId: "123456789012",
    ...overrides,
  });
  return synthesize(stack);
}

const statements = (json: TerraformJson) => json.data!.aws_iam_policy_document.db_migrator_execution_permissions.statement as Array<Record<string, unknown>>;

describe("DatabaseMigrator", () => {
  const json = synthesizeMigrator();

  it("is a published function, one run at a time, with 15 minutes and the database's whereabouts", () => {
    expect(onlyResource(json, "aws_lambda_function")).toMatchObject({
      function_name: "huntaze-db-migrator",
      publish: true,
      timeout: 900,
      reserved_concurrent_executions: 1,
      tracing_config: { mode: "Active" },
      environment: {
        variables: { DATABASE_SECRET_ARN: SECRET_ARN, DATABASE_HOST: "db.internal", DATABASE_PORT: "5432", DATABASE_NAME: "huntaze", DATABASE_TLS: "verify-full" },
      },
      vpc_config: { subnet_ids: ["subnet-a", "subnet-b"], security_group_ids: ["sg-clients", "${aws_security_group.db_migrator_security_group.id}"] },
    });
  });

  it("may read the one admin secret, and decrypt with its key through Secrets Manager only", () => {
    expect(statements(json)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sid: "ReadTheAdminSecret", actions: ["secretsmanager:GetSecretValue"], resources: [SECRET_ARN] }),
        expect.objectContaining({
          sid: "DecryptTheAdminSecret",
          actions: ["kms:Decrypt"],
          resources: [KEY_ARN],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.eu-west-1.amazonaws.com"] }],
        }),
      ]),
    );
    expect(statements(json).map((statement) => statement.sid)).toEqual(["WriteOwnLogs", "WriteTraces", "ReadTheAdminSecret", "DecryptTheAdminSecret"]);
  });

  it("reaches Secrets Manager through an endpoint of its own that admits it alone, on HTTPS", () => {
    expect(onlyResource(json, "aws_vpc_endpoint")).toMatchObject({
      service_name: "com.amazonaws.eu-west-1.secretsmanager",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      subnet_ids: ["subnet-a", "subnet-b"],
    });
    expect(onlyResource(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      security_group_id: "${aws_security_group.db_migrator_endpoint_security_group.id}",
      referenced_security_group_id: "${aws_security_group.db_migrator_security_group.id}",
      from_port: 443,
      to_port: 443,
    });
    expect(onlyResource(json, "aws_vpc_security_group_egress_rule")).toMatchObject({ referenced_security_group_id: "${aws_security_group.db_migrator_endpoint_security_group.id}", from_port: 443 });
  });

  it("joins an endpoint the VPC has already instead of creating one", () => {
    const existing = synthesizeMigrator({ secretsManagerEndpoint: { securityGroupId: "sg-endpoint" } });

    expect(existing.resource!.aws_vpc_endpoint).toBeUndefined();
    expect(onlyResource(existing, "aws_vpc_security_group_ingress_rule")).toMatchObject({ security_group_id: "sg-endpoint", from_port: 443 });
  });
});
