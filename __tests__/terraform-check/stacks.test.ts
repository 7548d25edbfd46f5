/**
 * Real Terraform on the synthesized stacks, offline: init from the provider mirror, validate, plan
 * from no state; then the plan after apply (against the state that plan's apply would leave) shows
 * no changes. That two checkouts synthesize byte-identical stacks (so plan identically) is
 * __tests__/scripts/synth.test.ts's to prove; here one synthesis is planned.
 */
import { readFileSync, rmSync, writeFileSync, mkdtempSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppConfig } from "../../config";
import { renderReview } from "../../plan-review/render-review";
import { reviewPlan } from "../../plan-review/review-plan";
import { parseTerraformPlan } from "../../plan-review/terraform-plan";
import { planAdoption, writeAdoptedState } from "../../terraform-check/adopted-state";
import { plannedDifferences } from "../../terraform-check/plan-differences";
import { BridgeLedger } from "../../terraform-check/provider-bridges";
import { checkStacks } from "../../terraform-check/run-check";
import { checkStack, type StackCheckResult } from "../../terraform-check/stack-check";
import { planStackChange, planStackChangeWithoutApply, type StackChangeResult } from "../../terraform-check/stack-change";
import type { OfflineTerraform } from "../../terraform-check/terraform-cli";
import type { PlanJson } from "../../terraform-check/terraform-json";
import { synthesizeInPhaseTo } from "../support/phase-environment";
import { copyProject, runScript } from "../support/project-copy";
import { describeWithTerraform, offlineTerraform, TERRAFORM_TOOLS } from "../support/terraform-tools";

const STACKS = ["huntaze-bootstrap", "huntaze-dev", "huntaze-prod", "huntaze-staging"];

const prod = loadAppConfig().environments.find((environment) => environment.name === "prod")!;
const prodInstance = prod.database.instance as Extract<typeof prod.database.instance, { source: "adopt" }>;

/**
 * huntaze-prod as an import would record it before the adoption's first apply: what cannot change
 * in place as config declares it, and its settings today (the seed's starting point: no
 * Performance Insights, the default parameter group, no enhanced monitoring or log exports, IAM
 * logins off, 7 days of backups, no deletion protection, gp2 storage, no tags).
 */
const EXISTING_HUNTAZE_PROD = {
  identifier: prodInstance.instanceIdentifier,
  engine: "postgres",
  engine_version: prodInstance.engineVersion,
  engine_version_actual: `${prodInstance.engineVersion}.4`,
  instance_class: prodInstance.instanceClass,
  allocated_storage: prodInstance.allocatedStorageGb,
  multi_az: prodInstance.multiAz,
  storage_encrypted: true,
  kms_key_id: prodInstance.existing.kmsKeyArn,
  db_name: prod.database.databaseName,
  username: prod.database.masterUsername,
  db_subnet_group_name: prodInstance.existing.subnetGroupName,
  vpc_security_group_ids: prodInstance.existing.securityGroupIds,
  manage_master_user_password: prodInstance.existing.masterPasswordManaged ? true : null,
  master_user_secret: [],
  master_user_secret_kms_key_id: null,
  storage_type: "gp2",
  ca_cert_identifier: "rds-ca-rsa2048-g1",
  performance_insights_enabled: false,
  performance_insights_kms_key_id: "",
  performance_insights_retention_period: 0,
  parameter_group_name: "default.postgres17",
  monitoring_interval: 0,
  monitoring_role_arn: "",
  enabled_cloudwatch_logs_exports: [],
  iam_database_authentication_enabled: false,
  backup_retention_period: 7,
  deletion_protection: false,
  final_snapshot_identifier: null,
  tags: null,
  tags_all: {},
};

/** huntaze-prod with storage autoscaling on (the RDS console's default), grown 60 GB past config's allocatedStorageGb. */
const AUTOSCALED_HUNTAZE_PROD = { ...EXISTING_HUNTAZE_PROD, allocated_storage: prodInstance.allocatedStorageGb + 60, max_allocated_storage: 1000 };

describeWithTerraform("the synthesized stacks under real Terraform (npm run check:terraform)", () => {
  let checkout: string | undefined;
  let work: string;
  let terraform: OfflineTerraform;
  let ledger: BridgeLedger;
  let results: StackCheckResult[];
  let adoptionPlan: PlanJson;
  let disruptiveAdoptionPlan: PlanJson;
  let adoptionApplied: StackChangeResult;
  let tlsAfterAdoptionPlan: PlanJson;
  let drifting: StackCheckResult;
  let autoscaledAdoption: { recorded: StackChangeResult; unrecorded: StackChangeResult };

  beforeAll(async () => {
    checkout = copyProject("terraform-stacks");
    work = mkdtempSync(join(tmpdir(), "huntaze-terraform-stacks-"));
    terraform = offlineTerraform();
    ledger = new BridgeLedger(TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.mirror.awsVersion : "0.0.0");
    await runScript(checkout, "scripts/synth.ts", {}, 300_000);
    results = await checkStacks(terraform, join(checkout, "cdktf.out"), join(work, "stacks"), ledger);
    // prod's stack against the state its import of huntaze-prod would leave, in a copy of the
    // folder the check initialized; that plan applied (as the check applies one), then enforceTls
    // asked for on its own: what a later pull request plans. Beside them, prod's config asking
    // for TLS forced, the managed database group added and RDS to manage the master password,
    // against the import's state: one plan for the three, where a deployment asks for one at a
    // time (docs/deployment.md, step 11).
    const adoption = {
      terraform,
      initializedFolder: join(work, "stacks", "huntaze-prod"),
      firstPlan: results.find((result) => result.stack === "huntaze-prod")!.firstPlan,
      scope: { accountId: prod.accountId, region: prod.region },
      address: "aws_db_instance.database",
      existing: EXISTING_HUNTAZE_PROD,
    };
    const tlsAndManagedGroup = synthesizeInPhaseTo(join(work, "synth-disruptive"), "prod", prod.flag.prismaRead, {
      instance: { disruptiveChanges: { enforceTls: true, securityGroups: "add-managed", manageMasterPassword: true } },
    });
    const tlsOnly = synthesizeInPhaseTo(join(work, "synth-tls"), "prod", prod.flag.prismaRead, { instance: { disruptiveChanges: { enforceTls: true } } });
    const adoptThenForceTls = async () => {
      const folder = join(work, "adoption");
      const schemas = await writeAdoptedState({ ...adoption, workFolder: folder });
      adoptionApplied = await planStackChange({ terraform, label: "adoption", source: join(checkout!, "cdktf.out", "stacks", "huntaze-prod"), folder, ledger, schemas });
      adoptionPlan = adoptionApplied.plan;
      tlsAfterAdoptionPlan = await planStackChangeWithoutApply({ terraform, label: "enforce-tls", source: tlsOnly, folder, ledger });
    };
    const planDisruptiveAdoption = async () => {
      disruptiveAdoptionPlan = await planAdoption({ ...adoption, workFolder: join(work, "disruptive-adoption"), configuration: { source: tlsAndManagedGroup, ledger } });
    };
    // The bootstrap stack with a value that differs on every plan, checked beside them.
    const checkDriftingBootstrap = async () => {
      const stack = join(work, "drifting-bootstrap");
      cpSync(join(checkout!, "cdktf.out", "stacks", "huntaze-bootstrap"), stack, { recursive: true });
      const file = join(stack, "cdk.tf.json");
      const json = JSON.parse(readFileSync(file, "utf8"));
      json.resource.aws_kms_key.terraform_state_key.tags = { "checked-at": "${timestamp()}" };
      writeFileSync(file, JSON.stringify(json));
      drifting = await checkStack({ terraform, stack: "drifting-bootstrap", source: stack, workFolder: join(work, "drifting-work"), ledger, schemas: async (folder) => JSON.parse((await terraform.run(folder, ["providers", "schema", "-json"])).stdout) });
    };
    // huntaze-prod with storage autoscaling, adopted with its ceiling recorded in config, and without.
    const withCeiling = synthesizeInPhaseTo(join(work, "synth-autoscaling"), "prod", prod.flag.prismaRead, { instance: { maxAllocatedStorageGb: 1000 } });
    // Each applied, as the check applies a plan, and planned again: what the next pull request shows.
    const adoptAutoscaled = async (label: string, source: string) => {
      const folder = join(work, label);
      const schemas = await writeAdoptedState({ ...adoption, existing: AUTOSCALED_HUNTAZE_PROD, workFolder: folder });
      return planStackChange({ terraform, label, source, folder, ledger, schemas });
    };
    const planAutoscaledAdoptions = async () => {
      const [recorded, unrecorded] = await Promise.all([
        adoptAutoscaled("autoscaled-recorded", withCeiling),
        adoptAutoscaled("autoscaled-unrecorded", join(checkout!, "cdktf.out", "stacks", "huntaze-prod")),
      ]);
      autoscaledAdoption = { recorded, unrecorded };
    };
    await Promise.all([adoptThenForceTls(), planDisruptiveAdoption(), checkDriftingBootstrap(), planAutoscaledAdoptions()]);
  }, 900_000);

  afterAll(() => {
    for (const folder of [checkout, work]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("validates and plans every stack offline with the mirror's provider, creating everything", () => {
    expect(results.map((result) => result.stack)).toEqual(STACKS);
    for (const result of results) {
      const planned = result.firstPlan.resource_changes!.filter((change) => change.mode === "managed").length;
      expect({ stack: result.stack, counts: result.counts }).toEqual({ stack: result.stack, counts: { create: planned } });
      expect(planned).toBeGreaterThan(result.stack === "huntaze-bootstrap" ? 5 : 90);
    }
    // prod adopts its existing database with an import block, which only a plan against AWS can
    // read; the adoption case below plans it against the state that import would leave.
    expect(results.map((result) => result.droppedImports)).toEqual([0, 0, 1, 0]);
    const provider = results[0].firstPlan.configuration as { provider_config?: { aws?: { version_constraint?: string } } };
    expect(provider.provider_config?.aws?.version_constraint).toBe(TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.mirror.awsVersion : "");
  });

  it("plans prod's hardening as a reviewer reads it: scoped service trust, the log key, the network-interface policy", () => {
    const plan = results.find((result) => result.stack === "huntaze-prod")!.firstPlan;
    const change = (address: string) => {
      const found = plan.resource_changes?.find((candidate) => candidate.address === address);
      if (!found) throw new Error(`no ${address} in prod's plan`);
      return found.change as { actions: string[]; after: Record<string, any> };
    };
    const roles = ["mock_read_service_role", "prisma_read_service_role", "canary_health_hook_service_role", "flag_monitor_role", "database_monitoring_role"];

    // Every service role's trust, rendered in the plan, names the account it serves; but API
    // Gateway's, since API Gateway sends no aws:SourceAccount (constructs/api-gateway-logging-role.ts).
    for (const role of roles) {
      const trust = JSON.parse(change(`aws_iam_role.${role}`).after.assume_role_policy);
      expect({ role, account: trust.Statement[0].Condition?.StringEquals?.["aws:SourceAccount"] }).toEqual({ role, account: "333333333333" });
    }
    const apiLoggingTrust = JSON.parse(change("aws_iam_role.api_logging_role").after.assume_role_policy);
    expect(apiLoggingTrust.Statement).toEqual([{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "apigateway.amazonaws.com" } }]);
    // The log key lets CloudWatch Logs use it for the five log groups (three functions', the API's
    // access and execution logs; prod's adopted instance keeps its own password, so it has no
    // migrator) and nothing else; every log group refers to it.
    const keyPolicy = JSON.parse(change("aws_kms_key.log_key_key").after.policy);
    const groups = keyPolicy.Statement.find((statement: any) => statement.Sid === "CloudWatchLogsEncryptsTheseGroups").Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"];
    expect(groups).toHaveLength(5);
    const logGroups = (plan.configuration as any).root_module.resources.filter((resource: any) => resource.type === "aws_cloudwatch_log_group");
    expect(logGroups.map((group: any) => group.expressions.kms_key_id?.references?.[0])).toEqual(logGroups.map(() => "aws_kms_key.log_key_key.arn"));
    // prisma-read's network interfaces come from its own policy; no managed policy grants them.
    expect(change("aws_iam_role_policy.prisma_read_vpc_access").actions).toEqual(["create"]);
    const attached = (plan.resource_changes ?? []).filter((candidate) => candidate.type === "aws_iam_role_policy_attachment").map((candidate) => (candidate.change.after as any).policy_arn);
    expect(attached).toEqual(["arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"]);
  });

  it("adopts huntaze-prod with no destroy or replacement, changing in place only what config asks and its clients do not feel", () => {
    const changes = adoptionPlan.resource_changes ?? [];
    const database = changes.find((change) => change.address === "aws_db_instance.database")!;
    const changed = [...new Set(plannedDifferences({ ...adoptionPlan, output_changes: {} }).filter((difference) => difference.address === database.address).map((difference) => difference.path.split(".")[0]))].sort();
    const review = reviewPlan(parseTerraformPlan(JSON.stringify(adoptionPlan), "adoption plan"));

    expect(changes.filter((change) => change.change.actions.includes("delete")).map((change) => change.address)).toEqual([]);
    expect(database.change.actions).toEqual(["update"]);
    expect(changed).toEqual([
      "backup_retention_period",
      "deletion_protection",
      "enabled_cloudwatch_logs_exports",
      // Terraform's own setting (no AWS call): the snapshot a destroy would take.
      "final_snapshot_identifier",
      "iam_database_authentication_enabled",
      "monitoring_interval",
      "monitoring_role_arn",
      "parameter_group_name",
      "performance_insights_enabled",
      "performance_insights_kms_key_id",
      "performance_insights_retention_period",
      // The provider's default tags.
      "tags_all",
    ]);
    expect((database.change.after as Record<string, unknown>).performance_insights_kms_key_id).toBe(prodInstance.existing.kmsKeyArn);
    // Everything else it plans is new: nothing it adopts is touched but the instance.
    expect(changes.filter((change) => change.mode === "managed" && change.address !== database.address && change.change.actions.join(",") !== "create")).toEqual([]);
    expect({ losses: review.statefulLosses, disruptive: review.disruptive }).toEqual({ losses: [], disruptive: [] });
  });

  it("flags TLS forced, the instance's security groups changed and its password taken over, on the plan Terraform makes of prod's adoption asking for all three", () => {
    const changes = disruptiveAdoptionPlan.resource_changes ?? [];
    const database = changes.find((change) => change.address === "aws_db_instance.database")!;
    const group = changes.find((change) => change.address === "aws_db_parameter_group.database_parameters")!;
    const { before, after, after_unknown: unknown } = database.change as { before: any; after: any; after_unknown: any };
    const review = reviewPlan(parseTerraformPlan(JSON.stringify(disruptiveAdoptionPlan), "disruptive adoption plan"));
    const summary = renderReview(review, "huntaze-prod");

    expect(changes.filter((change) => change.change.actions.includes("delete")).map((change) => change.address)).toEqual([]);
    expect(database.change.actions).toEqual(["update"]);
    // The values as the provider plans them: the instance's groups (a set) gain the managed group,
    // whose id is known only after apply, so the whole set is (no value, unknown: true); the new
    // group forces TLS, in its parameter blocks, and the instance moves to it.
    expect({ before: before.vpc_security_group_ids, after: after.vpc_security_group_ids, unknown: unknown.vpc_security_group_ids }).toEqual({
      before: prodInstance.existing.securityGroupIds,
      after: undefined,
      unknown: true,
    });
    expect(group.change.actions).toEqual(["create"]);
    expect((group.change.after as any).parameter).toContainEqual(expect.objectContaining({ name: "rds.force_ssl", value: "1" }));
    expect([before.parameter_group_name, after.parameter_group_name]).toEqual(["default.postgres17", (group.change.after as any).name]);
    expect(review.disruptive.map((found) => [found.address, found.attribute])).toEqual([
      ["aws_db_instance.database", "vpc_security_group_ids"],
      ["aws_db_instance.database", "manage_master_user_password"],
      ["aws_db_instance.database", "rds.force_ssl (aws_db_parameter_group.database_parameters)"],
    ]);
    // The apply that turns management on reads no secret (there is none in the state yet): no
    // rotation schedule, no migrator until config records the password as managed.
    expect(changes.map((change) => change.address).filter((address) => /secret_rotation|db_migrator/.test(address))).toEqual([]);
    expect(summary).toContain("> **3 disruptive change(s) to existing databases**");
    for (const found of review.disruptive) expect(summary).toContain(`> - \`${found.address}\` ${found.attribute}: ${found.effect}`);
  });

  it("adopts an instance with storage autoscaling as it is when config records its ceiling; without it, the first apply turns autoscaling off and the next plan shrinks the storage", () => {
    const storage = ({ plan }: StackChangeResult) => {
      const { before, after } = (plan.resource_changes ?? []).find((change) => change.address === "aws_db_instance.database")!.change as { before: any; after: any };
      return { allocated: [before.allocated_storage, after.allocated_storage], ceiling: [before.max_allocated_storage, after.max_allocated_storage] };
    };
    const storageLeft = ({ remaining }: StackChangeResult) =>
      remaining.filter((difference) => /storage/.test(difference.path)).map(({ address, path, before, after }) => ({ address, path, before, after }));
    const grown = AUTOSCALED_HUNTAZE_PROD.allocated_storage;

    // Recorded: the provider leaves the storage autoscaling has grown alone (above config, below the ceiling), then and after.
    expect(storage(autoscaledAdoption.recorded)).toEqual({ allocated: [grown, grown], ceiling: [1000, 1000] });
    expect(storageLeft(autoscaledAdoption.recorded)).toEqual([]);
    // Not recorded: the first apply turns autoscaling off; the next plan shrinks the storage, which RDS refuses.
    expect(storage(autoscaledAdoption.unrecorded)).toEqual({ allocated: [grown, grown], ceiling: [1000, null] });
    expect(storageLeft(autoscaledAdoption.unrecorded)).toEqual([
      { address: "aws_db_instance.database", path: "allocated_storage", before: grown, after: prodInstance.allocatedStorageGb },
    ]);
  });

  it("flags TLS forced by the adopted instance's own parameter group once the adoption is applied, though the instance itself plans no change", () => {
    const changes = tlsAfterAdoptionPlan.resource_changes ?? [];
    const find = (address: string) => changes.find((change) => change.address === address)!.change as { actions: string[]; before: any; after: any };
    const forcesTls = (parameters: Array<{ name: string; value: string }>) => parameters.some((parameter) => parameter.name === "rds.force_ssl" && parameter.value === "1");
    const review = reviewPlan(parseTerraformPlan(JSON.stringify(tlsAfterAdoptionPlan), "enforce-tls plan"));

    expect(adoptionApplied.remaining).toEqual([]);
    // The group changes in place and keeps its name, so the instance's parameter_group_name does
    // not change. (A replacement under the same name would fail: the name is taken until the old
    // group goes. Its description, which cannot change in place, does not follow enforceTls.)
    expect(find("aws_db_instance.database").actions).toEqual(["no-op"]);
    const group = find("aws_db_parameter_group.database_parameters");
    expect(group.actions).toEqual(["update"]);
    expect([forcesTls(group.before.parameter), forcesTls(group.after.parameter), group.after.name]).toEqual([false, true, group.before.name]);
    expect(review.disruptive).toEqual([
      { address: "aws_db_instance.database", attribute: "rds.force_ssl (aws_db_parameter_group.database_parameters)", effect: "TLS is forced: clients connecting without it are refused" },
    ]);
    expect(renderReview(review, "huntaze-prod")).toContain("> **1 disruptive change(s) to existing databases**");
  });

  it("plans no changes after an apply of each plan, with Terraform's exit code deciding", () => {
    for (const result of results) {
      expect({ stack: result.stack, remaining: result.remaining }).toEqual({ stack: result.stack, remaining: [] });
    }
  });

  it("fails the plan after apply when the stack differs on every plan (a timestamp in a tag), naming the value", () => {
    const paths = drifting.remaining.map((difference) => `${difference.address}.${difference.path}`);
    expect(paths).toEqual(expect.arrayContaining(["aws_kms_key.terraform_state_key.tags", "aws_kms_key.terraform_state_key.tags_all"]));
    expect(drifting.remaining.every((difference) => difference.address === "aws_kms_key.terraform_state_key")).toBe(true);
  });
});
