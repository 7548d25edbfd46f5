import { READ_ONLY_ROLE } from "../../database/roles";
import { synthesizeEnvironment } from "../support/app-stacks";
import { onlyResource, type TerraformJson } from "../support/synth";

type Resource = Record<string, any>;

function resources(json: TerraformJson, type: string): Record<string, Resource> {
  return json.resource?.[type] ?? {};
}

describe("the read path's database", () => {
  const dev = synthesizeEnvironment("dev");
  const prod = synthesizeEnvironment("prod");

  it("is encrypted, private, watched and protected in prod, with its settings from the environment", () => {
    expect(onlyResource(prod, "aws_db_instance")).toMatchObject({
      identifier: "huntaze-prod",
      engine: "postgres",
      storage_encrypted: true,
      kms_key_id: "${aws_kms_key.database_key.arn}",
      publicly_accessible: false,
      multi_az: true,
      deletion_protection: true,
      backup_retention_period: 14,
      skip_final_snapshot: false,
      performance_insights_enabled: true,
      performance_insights_retention_period: 31,
      performance_insights_kms_key_id: "${aws_kms_key.database_key.arn}",
      monitoring_interval: 60,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      manage_master_user_password: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(onlyResource(dev, "aws_db_instance")).toMatchObject({ identifier: "huntaze-read-path", deletion_protection: false, backup_retention_period: 1 });
  });

  it("adopts prod's existing instance by import and creates dev's", () => {
    expect((prod as any).import).toEqual([{ to: "aws_db_instance.database", id: "huntaze-prod" }]);
    expect((dev as any).import).toBeUndefined();
  });

  it("forces TLS, loads pg_stat_statements and logs slow statements", () => {
    const parameters = onlyResource(prod, "aws_db_parameter_group");

    expect(parameters.family).toBe("postgres17");
    expect(parameters.parameter).toEqual(
      expect.arrayContaining([
        { name: "rds.force_ssl", value: "1" },
        { name: "shared_preload_libraries", value: "pg_stat_statements", apply_method: "pending-reboot" },
        { name: "log_min_duration_statement", value: "500" },
      ]),
    );
  });

  it("rotates the master secret on the environment's schedule", () => {
    expect(onlyResource(prod, "aws_secretsmanager_secret_rotation")).toEqual({
      secret_id: "${aws_db_instance.database.master_user_secret[0].secret_arn}",
      rotation_rules: { automatically_after_days: 30 },
    });
  });

  it("admits PostgreSQL only from the client security group, which only prisma-read has", () => {
    const ingress = Object.values(resources(prod, "aws_vpc_security_group_ingress_rule"));
    const functionsInVpc = Object.values(resources(prod, "aws_lambda_function")).filter((fn) => fn.vpc_config);

    expect(ingress).toEqual([
      expect.objectContaining({
        security_group_id: "${aws_security_group.database_security_group.id}",
        referenced_security_group_id: "${aws_security_group.database_client_security_group.id}",
        from_port: 5432,
        to_port: 5432,
      }),
    ]);
    expect(functionsInVpc.map((fn) => fn.function_name)).toEqual(["huntaze-prisma-read"]);
    expect(functionsInVpc[0].vpc_config.security_group_ids).toEqual(["${aws_security_group.database_client_security_group.id}"]);
  });

  it("lets the client security group reach the database on 5432 and nothing else", () => {
    const egress = Object.values(resources(prod, "aws_vpc_security_group_egress_rule"));

    expect(egress).toEqual([
      expect.objectContaining({
        security_group_id: "${aws_security_group.database_client_security_group.id}",
        referenced_security_group_id: "${aws_security_group.database_security_group.id}",
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
      }),
    ]);
  });

  it("has prisma-read log in as the read-only role with IAM tokens: no password, no secret, no master user", () => {
    const variables = resources(prod, "aws_lambda_function").prisma_read.environment.variables;

    expect(variables).toMatchObject({
      DATABASE_IAM_AUTH: "true",
      DATABASE_HOST: "${aws_db_instance.database.address}",
      DATABASE_USER: READ_ONLY_ROLE,
      DATABASE_TLS: "verify-full",
      PRISMA_LOG_LEVELS: "error",
    });
    expect(Object.keys(variables).filter((name) => /PASSWORD|DATABASE_URL|SECRET/.test(name))).toEqual([]);
    const statements = prod.data!.aws_iam_policy_document.prisma_read_execution_permissions.statement as Array<{ actions: string[]; resources: string[] }>;
    const connect = statements.filter((statement) => statement.actions.includes("rds-db:connect"));
    expect(connect).toEqual([
      expect.objectContaining({
        actions: ["rds-db:connect"],
        resources: [`arn:aws:rds-db:eu-west-1:333333333333:dbuser:\${aws_db_instance.database.resource_id}/${READ_ONLY_ROLE}`],
      }),
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/secretsmanager:|master_user_secret|kms:Decrypt/);
  });
});
