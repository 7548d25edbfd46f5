import { Testing } from "cdktf";
import { loadAppConfig } from "../../config";
import { ENVIRONMENTS } from "../../config/environments";
import { parseEnvironments } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import type { DisruptiveChanges } from "../../constructs/postgres-database";
import { READ_ONLY_ROLE } from "../../database/roles";
import { defineStacks } from "../../stacks/define-stacks";
import { synthesizeEnvironment } from "../support/app-stacks";
import { fixtureBuild } from "../support/function-code";
import { onlyResource, synthesize, type TerraformJson } from "../support/synth";

type Resource = Record<string, any>;

function resources(json: TerraformJson, type: string): Record<string, Resource> {
  return json.resource?.[type] ?? {};
}

/** An environment's stack with its config's database section changed by `edit`. */
function synthesizeWithDatabase(name: string, edit: (database: EnvironmentInput["database"]) => EnvironmentInput["database"]): TerraformJson {
  const config = loadAppConfig();
  const input = ENVIRONMENTS.find((environment) => environment.name === name)!;
  const [environment] = parseEnvironments([{ ...input, database: edit(input.database) }]);
  const { environments } = defineStacks(Testing.app(), { environments: [environment], stateStore: config.stateStore }, fixtureBuild());
  return synthesize(environments[0]);
}

/** prod's stack with its adopted instance's disruptive changes as given: each one asked for alone. */
function prodWith(disruptiveChanges: Partial<DisruptiveChanges>): TerraformJson {
  return synthesizeWithDatabase("prod", (database) => {
    const instance = database.instance as Extract<EnvironmentInput["database"]["instance"], { source: "adopt" }>;
    return { ...database, instance: { ...instance, disruptiveChanges: { ...instance.disruptiveChanges, ...disruptiveChanges } } };
  });
}

describe("the read path's database", () => {
  const dev = synthesizeEnvironment("dev");
  const prod = synthesizeEnvironment("prod");
  const prodConfig = loadAppConfig().environments.find((environment) => environment.name === "prod")!;
  const adopted = prodConfig.database.instance as Extract<typeof prodConfig.database.instance, { source: "adopt" }>;

  it("creates dev's instance encrypted with its own key, private, watched, its password kept by RDS", () => {
    expect(onlyResource(dev, "aws_db_instance")).toMatchObject({
      identifier: "huntaze-read-path",
      engine: "postgres",
      storage_type: "gp3",
      storage_encrypted: true,
      kms_key_id: "${aws_kms_key.database_key.arn}",
      publicly_accessible: false,
      deletion_protection: false,
      backup_retention_period: 1,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
      db_subnet_group_name: "${aws_db_subnet_group.database_subnets.name}",
      vpc_security_group_ids: ["${aws_security_group.database_security_group.id}"],
      performance_insights_enabled: true,
      performance_insights_kms_key_id: "${aws_kms_key.database_key.arn}",
      manage_master_user_password: true,
      master_user_secret_kms_key_id: "${aws_kms_key.database_key.arn}",
      lifecycle: { prevent_destroy: true },
    });
    expect((dev as any).import).toBeUndefined();
  });

  it("adopts prod's existing instance by import, keeping what cannot change in place as config declares it", () => {
    const instance = onlyResource(prod, "aws_db_instance");

    expect((prod as any).import).toEqual([{ to: "aws_db_instance.database", id: "huntaze-prod" }]);
    expect(instance).toMatchObject({
      identifier: "huntaze-prod",
      engine: "postgres",
      engine_version: "17",
      instance_class: "db.r6g.large",
      allocated_storage: 200,
      multi_az: true,
      storage_encrypted: true,
      kms_key_id: adopted.existing.kmsKeyArn,
      db_name: prodConfig.database.databaseName,
      username: prodConfig.database.masterUsername,
      db_subnet_group_name: adopted.existing.subnetGroupName,
      vpc_security_group_ids: adopted.existing.securityGroupIds,
      lifecycle: { prevent_destroy: true },
    });
    // Its password stays its owners', its storage type and certificate authority as they are.
    for (const kept of ["manage_master_user_password", "master_user_secret_kms_key_id", "storage_type", "ca_cert_identifier"]) {
      expect({ kept, value: instance[kept] }).toEqual({ kept, value: undefined });
    }
    // Nothing is made for it that it keeps: no key, subnet group, groups or secret rotation.
    for (const type of ["aws_kms_key", "aws_db_subnet_group", "aws_security_group", "aws_secretsmanager_secret_rotation"]) {
      expect({ type, made: Object.keys(resources(prod, type)).filter((name) => name.startsWith("database")) }).toEqual({ type, made: [] });
    }
    expect(prod.output).not.toHaveProperty("database_secret_arn");
  });

  it("changes on the adopted instance what RDS changes in place: Performance Insights, parameters, monitoring, logs, IAM logins, backups, protection", () => {
    expect(onlyResource(prod, "aws_db_instance")).toMatchObject({
      performance_insights_enabled: true,
      performance_insights_retention_period: 31,
      performance_insights_kms_key_id: adopted.existing.kmsKeyArn,
      parameter_group_name: "${aws_db_parameter_group.database_parameters.name}",
      monitoring_interval: 60,
      monitoring_role_arn: "${aws_iam_role.database_monitoring_role.arn}",
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      iam_database_authentication_enabled: true,
      backup_retention_period: 14,
      deletion_protection: true,
    });
  });

  it("forces TLS on a created instance, loads pg_stat_statements and logs slow statements; an adopted one keeps the engine's TLS default", () => {
    const parametersOf = (json: TerraformJson) => onlyResource(json, "aws_db_parameter_group").parameter as Array<{ name: string }>;

    expect(onlyResource(prod, "aws_db_parameter_group").family).toBe("postgres17");
    // At the engine's default, pending-reboot (as RDS reports it: else every plan shows a change); otherwise immediate.
    expect(parametersOf(dev)).toEqual([
      { name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" },
      { name: "shared_preload_libraries", value: "pg_stat_statements", apply_method: "pending-reboot" },
      { name: "pg_stat_statements.track", value: "top", apply_method: "pending-reboot" },
      { name: "log_min_duration_statement", value: "500", apply_method: "immediate" },
    ]);
    expect(parametersOf(prod).map((parameter) => parameter.name)).toEqual(["shared_preload_libraries", "pg_stat_statements.track", "log_min_duration_statement"]);
  });

  it("rotates a created instance's master secret on the environment's schedule", () => {
    expect(onlyResource(dev, "aws_secretsmanager_secret_rotation")).toEqual({
      secret_id: "${aws_db_instance.database.master_user_secret[0].secret_arn}",
      rotation_rules: { automatically_after_days: 30 },
    });
  });

  it("admits PostgreSQL to a created instance only from the client security group, which only prisma-read has", () => {
    // The database group's rules (other groups, the migrator's endpoints', have their own).
    const ingress = Object.values(resources(dev, "aws_vpc_security_group_ingress_rule")).filter((rule) => rule.security_group_id === "${aws_security_group.database_security_group.id}");
    const functionsInVpc = Object.values(resources(dev, "aws_lambda_function")).filter((fn) => fn.vpc_config);

    expect(ingress).toEqual([
      expect.objectContaining({
        security_group_id: "${aws_security_group.database_security_group.id}",
        referenced_security_group_id: "${aws_security_group.database_client_security_group.id}",
        from_port: 5432,
        to_port: 5432,
      }),
    ]);
    expect(functionsInVpc.map((fn) => fn.function_name)).toContain("huntaze-prisma-read");
    expect(resources(dev, "aws_lambda_function").prisma_read.vpc_config.security_group_ids).toEqual(["${aws_security_group.database_client_security_group.id}"]);
  });

  it("has prisma-read join the groups the adopted instance already admits", () => {
    expect(resources(prod, "aws_lambda_function").prisma_read.vpc_config.security_group_ids).toEqual(adopted.existing.clientSecurityGroupIds);
  });

  it("has the migrator reach Secrets Manager through an endpoint of its own, or through the VPC's existing one when config names its group", () => {
    expect(onlyResource(dev, "aws_vpc_endpoint")).toMatchObject({ service_name: "com.amazonaws.eu-west-1.secretsmanager", private_dns_enabled: true });

    const joined = synthesizeWithDatabase("dev", (database) => ({ ...database, existingSecretsManagerEndpoint: { securityGroupId: "sg-0123456789abcdef2" } }));

    expect(resources(joined, "aws_vpc_endpoint")).toEqual({});
    expect(Object.values(resources(joined, "aws_vpc_security_group_ingress_rule"))).toContainEqual(
      expect.objectContaining({ security_group_id: "sg-0123456789abcdef2", from_port: 443, to_port: 443, referenced_security_group_id: "${aws_security_group.db_migrator_security_group.id}" }),
    );
  });

  it("lets the client security group reach the database on 5432 and nothing else", () => {
    const egress = Object.values(resources(dev, "aws_vpc_security_group_egress_rule")).filter((rule) => rule.security_group_id === "${aws_security_group.database_client_security_group.id}");

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

describe("an adopted database's disruptive changes, each made only when asked for", () => {
  const prodConfig = loadAppConfig().environments.find((environment) => environment.name === "prod")!;
  const { existing } = prodConfig.database.instance as Extract<typeof prodConfig.database.instance, { source: "adopt" }>;

  it("forces TLS when enforceTls asks for it", () => {
    const parameters = onlyResource(prodWith({ enforceTls: true }), "aws_db_parameter_group").parameter;

    expect(parameters).toEqual(expect.arrayContaining([{ name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" }]));
  });

  it("has RDS take over the master password, encrypted with the instance's key, when manageMasterPassword asks for it; rotates it and migrates with it once config records it as managed", () => {
    const turningOn = prodWith({ manageMasterPassword: true });

    expect(onlyResource(turningOn, "aws_db_instance")).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: existing.kmsKeyArn });
    // That apply plans the secret as the empty list the import left: nothing reads it yet.
    expect(resources(turningOn, "aws_secretsmanager_secret_rotation")).toEqual({});
    expect(resources(turningOn, "aws_lambda_function")).not.toHaveProperty("db_migrator");
    expect(turningOn.output ?? {}).not.toHaveProperty("database_secret_arn");

    const managed = synthesizeWithDatabase("prod", (database) => {
      const instance = database.instance as Extract<EnvironmentInput["database"]["instance"], { source: "adopt" }>;
      return { ...database, instance: { ...instance, existing: { ...instance.existing, masterPasswordManaged: true } } };
    });
    // Managed already: the instance keeps its secret's key, and the secret is read.
    expect(onlyResource(managed, "aws_db_instance")).toMatchObject({ manage_master_user_password: true });
    expect(onlyResource(managed, "aws_db_instance")).not.toHaveProperty("master_user_secret_kms_key_id");
    expect(onlyResource(managed, "aws_secretsmanager_secret_rotation")).toMatchObject({ secret_id: "${aws_db_instance.database.master_user_secret[0].secret_arn}" });
    expect(resources(managed, "aws_lambda_function")).toHaveProperty("db_migrator");
    expect(managed.output).toHaveProperty("database_secret_arn");
    // Where config says so too early, the plan fails naming the setting, not only on an index.
    expect((onlyResource(managed, "aws_db_instance") as Resource).lifecycle.postcondition).toEqual([
      { condition: "${length(self.master_user_secret) > 0}", error_message: expect.stringContaining("(existing.masterPasswordManaged): turn management on first") },
    ]);
    expect((onlyResource(turningOn, "aws_db_instance") as Resource).lifecycle).not.toHaveProperty("postcondition");
  });

  it("keeps a parameter group's description as it was created: it cannot change in place, and a replacement under the same name fails", () => {
    for (const json of [synthesizeEnvironment("dev"), synthesizeEnvironment("prod")]) {
      expect((onlyResource(json, "aws_db_parameter_group") as Resource).lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ["description"] });
    }
  });

  it("adds the managed database group beside the instance's own (add-managed), or puts it in their place (managed-only), and prisma-read joins its clients group", () => {
    for (const [securityGroups, instanceGroups] of [
      ["add-managed", [...existing.securityGroupIds, "${aws_security_group.database_security_group.id}"]],
      ["managed-only", ["${aws_security_group.database_security_group.id}"]],
    ] as const) {
      const json = prodWith({ securityGroups });

      expect({ securityGroups, groups: onlyResource(json, "aws_db_instance").vpc_security_group_ids }).toEqual({ securityGroups, groups: instanceGroups });
      expect((json.resource as any).aws_lambda_function.prisma_read.vpc_config.security_group_ids).toEqual(["${aws_security_group.database_client_security_group.id}"]);
    }
  });
});
