/**
 * The migration's phases under real Terraform, offline: dev's stack applied in `shadow`, then each
 * step of the migration (`shadow` → `percentage` → `all` → `direct`) and each step back that is
 * allowed (`percentage` → `shadow`, `all` → `percentage`) planned against the state the previous
 * apply left, applied as the check applies (the state built from the plan), and planned again:
 * that plan is empty. Each step is the one config line a reviewer changes (flag.prismaRead.mode).
 * A step back is planned in a copy of the folder the step it undoes left, beside the next step.
 * Last, the way back out of `direct` the runbook spells out: `direct` → `all`, which rebuilds the
 * control. Beside it, against the applied state `all` → `percentage` left, dev's database config
 * changed one line at a time and planned only (what a reviewer reads): plan:summary flags the
 * changes that restart the instance, on the plan Terraform really makes, and not the others.
 * 149 s on the shared two cores at load average 4-5, as before the database plans (156 s), which
 * run beside the last step (2026-12-02).
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderReview } from "../../plan-review/render-review";
import { reviewPlan } from "../../plan-review/review-plan";
import { parseTerraformPlan } from "../../plan-review/terraform-plan";
import { BridgeLedger } from "../../terraform-check/provider-bridges";
import { checkStack } from "../../terraform-check/stack-check";
import { planStackChange, planStackChangeWithoutApply, plannedActions, type StackChangeResult } from "../../terraform-check/stack-change";
import type { PlanJson, ProviderSchemas } from "../../terraform-check/terraform-json";
import type { ReadPathPhase } from "../../contracts/prisma-read-flag";
import { DISRUPTIVE_DATABASE_ATTRIBUTES } from "../../plan-review/disruptive-changes";
import { type DatabaseEdit, synthesizeInPhaseTo } from "../support/phase-environment";
import { describeWithTerraform, offlineTerraform, TERRAFORM_TOOLS } from "../support/terraform-tools";

/** A new flag value: a new hosted version before the old goes, and the rollout steps run again. Nothing else. */
const FLAG_VALUE_CHANGE = {
  "aws_appconfig_hosted_configuration_version.flag_version": ["create", "delete"],
  "terraform_data.flag_rollout_preflight": ["create", "delete"],
  "aws_appconfig_deployment.flag_deployment": ["delete", "create"],
  "terraform_data.flag_rollout_wait": ["delete", "create"],
};

/** What `all` → `direct` keeps and changes: the API's target moves; the hook's grants and the dashboard lose the control. */
const DIRECT_CHANGES = {
  // The grant for the candidate's alias exists before the old one (on the control) goes.
  "aws_lambda_permission.read_api_invoke_permission": ["create", "delete"],
  // Each route keeps its integration: only its target changes.
  "aws_api_gateway_integration.read_api_proxy_integration": ["update"],
  "aws_api_gateway_integration.read_api_health_get_integration": ["update"],
  // A new deployment, which the stage moves to before the old one goes.
  "aws_api_gateway_deployment.read_api_deployment": ["create", "delete"],
  "aws_api_gateway_stage.read_api_stage": ["update"],
  "aws_iam_role_policy.canary_health_hook_execution_policy": ["update"],
  "aws_cloudwatch_dashboard.dashboard": ["update"],
};

/** What `all` → `direct` destroys: the control, its delivery and alarms, the flag and what watches it. */
const DIRECT_DESTROYS = [
  "aws_appconfig_application.flag",
  "aws_appconfig_configuration_profile.flag_profile",
  "aws_appconfig_deployment.flag_deployment",
  "aws_appconfig_deployment_strategy.flag_strategy",
  "aws_appconfig_environment.flag_environment",
  "aws_appconfig_hosted_configuration_version.flag_version",
  "aws_cloudwatch_log_group.mock_read_logs",
  "aws_cloudwatch_metric_alarm.candidate_fallbacks_fallback_rate",
  "aws_cloudwatch_metric_alarm.mock_read_canary_crashes",
  "aws_cloudwatch_metric_alarm.mock_read_canary_error_rate",
  "aws_cloudwatch_metric_alarm.mock_read_canary_p95_latency",
  "aws_cloudwatch_metric_alarm.mock_read_dead_letters",
  "aws_cloudwatch_metric_alarm.mock_read_error_rate",
  "aws_cloudwatch_metric_alarm.mock_read_p95_latency",
  "aws_cloudwatch_metric_alarm.mock_read_throttles",
  "aws_cloudwatch_metric_alarm.shadow_reads",
  "aws_codedeploy_app.mock_read",
  "aws_codedeploy_deployment_group.mock_read_group",
  "aws_iam_role.flag_monitor_role",
  "aws_iam_role.mock_read_execution_role",
  "aws_iam_role.mock_read_service_role",
  "aws_iam_role_policy.flag_monitor_policy",
  "aws_iam_role_policy.mock_read_execution_policy",
  "aws_iam_role_policy.mock_read_service_policy",
  "aws_lambda_alias.mock_read_live",
  "aws_lambda_function.mock_read",
  "aws_lambda_function_event_invoke_config.mock_read_async_invoke",
  "aws_sqs_queue.mock_read_dead_letters",
  "terraform_data.flag_rollout_preflight",
  "terraform_data.flag_rollout_wait",
  "terraform_data.mock_read_deploy",
];

/**
 * One line of dev's database config as a reviewer changes it (dev: db.t4g.micro, PostgreSQL 17,
 * Performance Insights kept 7 days, slow statements from 500 ms), each planned on its own.
 */
const DATABASE_EDITS = {
  "instance-class": { instance: { instanceClass: "db.t4g.small" } },
  "engine-version": { instance: { engineVersion: "17.4" } },
  "insights-retention": { performanceInsightsRetentionDays: 31 },
  "slow-statement-threshold": { logMinDurationStatementMs: 250 },
} satisfies Record<string, DatabaseEdit>;
type DatabaseEditName = keyof typeof DATABASE_EDITS;

const DATABASE = "aws_db_instance.database";
const DATABASE_PARAMETERS = "aws_db_parameter_group.database_parameters";

/**
 * What any in-place update of the instance plans: the instance, and the two policies whose
 * documents name it (its resource id, its master secret). Terraform reads a data source that
 * depends on a resource with changes during the apply, so those documents, and the policies,
 * are known only after apply.
 */
const DATABASE_UPDATE = {
  [DATABASE]: ["update"],
  "aws_iam_role_policy.db_migrator_execution_policy": ["update"],
  "aws_iam_role_policy.prisma_read_execution_policy": ["update"],
};

type Transition = "shadow-to-percentage" | "percentage-to-shadow" | "percentage-to-all" | "all-to-percentage" | "all-to-direct" | "direct-back-to-all";

describeWithTerraform("the migration's phase transitions under real Terraform (dev)", () => {
  let work: string;
  const results = new Map<Transition, StackChangeResult>();
  const databasePlans = new Map<DatabaseEditName, PlanJson>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "huntaze-phase-transitions-"));
    const terraform = offlineTerraform();
    const ledger = new BridgeLedger(TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.mirror.awsVersion : "0.0.0");
    // dev's config with only its phase changed; its share (50 %) stays, read in shadow and percentage.
    const synthesized = Object.fromEntries(
      (["shadow", "percentage", "all", "direct"] as const).map((mode) => [mode, synthesizeInPhaseTo(join(work, "synth", mode), "dev", { mode })]),
    ) as Record<Exclude<ReadPathPhase, "off">, string>;
    const withDatabaseEdits = Object.entries(DATABASE_EDITS).map(([name, edit]) => ({
      name: name as DatabaseEditName,
      source: synthesizeInPhaseTo(join(work, "synth", `percentage-${name}`), "dev", { mode: "percentage" }, edit),
    }));
    let schemas: ProviderSchemas | undefined;
    const readSchemas = async (folder: string) => (schemas ??= JSON.parse((await terraform.run(folder, ["providers", "schema", "-json"])).stdout) as ProviderSchemas);

    // dev applied in `shadow`, as the check applies a stack: its plan after apply is empty.
    const main = join(work, "huntaze-dev");
    const shadow = await checkStack({ terraform, stack: "huntaze-dev (shadow)", source: synthesized.shadow, workFolder: main, ledger, schemas: readSchemas });
    if (shadow.remaining.length > 0) throw new Error(`dev in shadow plans changes after its apply: ${JSON.stringify(shadow.remaining.slice(0, 3))}`);

    const step = async (label: Transition, to: keyof typeof synthesized, folder: string) => {
      results.set(label, await planStackChange({ terraform, label, source: synthesized[to], folder, ledger, schemas: schemas! }));
    };
    const copyOf = (folder: string, name: string) => {
      const copy = join(work, name);
      cpSync(folder, copy, { recursive: true });
      return copy;
    };
    await step("shadow-to-percentage", "percentage", main);
    const inPercentage = copyOf(main, "back-from-percentage");
    await Promise.all([step("percentage-to-shadow", "shadow", inPercentage), step("percentage-to-all", "all", main)]);
    const inAll = copyOf(main, "back-from-all");
    await Promise.all([step("all-to-percentage", "percentage", inAll), step("all-to-direct", "direct", main)]);
    // The database edits are planned one after another against the state all-to-percentage left
    // (a plan changes no state), beside the way back out of direct the runbook spells out: back
    // to `all`, which rebuilds the control.
    const planDatabaseEdits = async () => {
      for (const { name, source } of withDatabaseEdits) {
        databasePlans.set(name, await planStackChangeWithoutApply({ terraform, label: `database-${name}`, source, folder: inAll, ledger }));
      }
    };
    await Promise.all([step("direct-back-to-all", "all", main), planDatabaseEdits()]);
  }, 900_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const result = (label: Transition): StackChangeResult => {
    const found = results.get(label);
    if (!found) throw new Error(`${label} was not planned`);
    return found;
  };

  it.each(["shadow-to-percentage", "percentage-to-shadow", "percentage-to-all", "all-to-percentage"] as const)(
    "%s changes the flag's value and nothing else, and plans nothing after its apply",
    (label) => {
      expect(result(label).actions).toEqual(FLAG_VALUE_CHANGE);
      expect(result(label).remaining).toEqual([]);
    },
  );

  it("all-to-direct destroys the control and its flag, moves the API's target in place, and plans nothing after its apply", () => {
    const { actions, remaining } = result("all-to-direct");
    const destroyed = Object.keys(actions).filter((address) => actions[address].join(",") === "delete");
    const changed = Object.fromEntries(Object.entries(actions).filter(([address]) => !destroyed.includes(address)));

    expect(changed).toEqual(DIRECT_CHANGES);
    expect(destroyed.sort()).toEqual(DIRECT_DESTROYS);
    expect(remaining).toEqual([]);
  });

  it("all-to-direct points every route at the candidate's live alias, through a permission for it created first", () => {
    const { plan } = result("all-to-direct");
    const change = (address: string) => plan.resource_changes!.find((candidate) => candidate.address === address)!.change as { before: any; after: any };
    const configured = (address: string) => (plan.configuration as any).root_module.resources.find((resource: any) => resource.address === address);

    for (const integration of ["aws_api_gateway_integration.read_api_proxy_integration", "aws_api_gateway_integration.read_api_health_get_integration"]) {
      expect(change(integration).before.uri).toMatch(/:function:huntaze-mock-read:live\/invocations$/);
      expect(change(integration).after.uri).toMatch(/:function:huntaze-prisma-read:live\/invocations$/);
      // Terraform applies the new permission before the integration changes, and removes the old one after.
      expect(configured(integration).depends_on).toEqual(["aws_lambda_permission.read_api_invoke_permission"]);
    }
    expect(change("aws_lambda_permission.read_api_invoke_permission").after).toMatchObject({ function_name: "huntaze-prisma-read", qualifier: "live", principal: "apigateway.amazonaws.com" });
    // The new deployment waits for both integrations; the stage moves to it, then the old one goes,
    // and the control's grant only after the stage has moved (the stage depends on the permission).
    expect(configured("aws_api_gateway_deployment.read_api_deployment").depends_on).toEqual(
      expect.arrayContaining(["aws_api_gateway_integration.read_api_proxy_integration", "aws_api_gateway_integration.read_api_health_get_integration"]),
    );
    expect(configured("aws_api_gateway_stage.read_api_stage").depends_on).toContain("aws_lambda_permission.read_api_invoke_permission");
  });

  it("all-to-direct touches no stateful resource of the candidate, the database, its keys or secrets, and the reviewer's summary says so", () => {
    const { plan } = result("all-to-direct");
    const review = reviewPlan(parseTerraformPlan(JSON.stringify(plan), "all-to-direct"), {
      allowDestroy: ["aws_cloudwatch_log_group.mock_read_logs", "aws_sqs_queue.mock_read_dead_letters"],
    });
    const summary = renderReview(review, "huntaze-dev: all → direct");

    // The control's log group and dead-letter queue are the only stateful resources it touches.
    expect(review.statefulLosses.map((change) => change.address)).toEqual(["aws_cloudwatch_log_group.mock_read_logs", "aws_sqs_queue.mock_read_dead_letters"]);
    expect(review.blocked).toEqual([]);
    expect(review.apiTargets.gaps).toEqual([]);
    expect(summary).toContain(
      "> **The API's integration moves from `huntaze-mock-read:live` to `huntaze-prisma-read:live`** " +
        "(`aws_api_gateway_integration.read_api_health_get_integration` and `aws_api_gateway_integration.read_api_proxy_integration`).",
    );
    expect(summary).toContain("> No stateful resource is replaced or changed; destroyed (see above): `aws_cloudwatch_log_group.mock_read_logs` and `aws_sqs_queue.mock_read_dead_letters`.");
  });

  it("direct-back-to-all rebuilds the control and its flag and moves the API back the same way round, and plans nothing after its apply", () => {
    const { actions, plan, remaining } = result("direct-back-to-all");
    const created = Object.keys(actions).filter((address) => actions[address].join(",") === "create");
    const changed = Object.fromEntries(Object.entries(actions).filter(([address]) => !created.includes(address)));
    const integration = plan.resource_changes!.find((change) => change.address === "aws_api_gateway_integration.read_api_proxy_integration")!.change as { before: any; after: any };

    expect(created.sort()).toEqual(DIRECT_DESTROYS);
    expect(changed).toEqual(DIRECT_CHANGES);
    expect(integration.before.uri).toMatch(/:function:huntaze-prisma-read:live\/invocations$/);
    expect(remaining).toEqual([]);
  });

  const databasePlan = (name: DatabaseEditName) => {
    const plan = databasePlans.get(name);
    if (!plan) throw new Error(`database edit ${name} was not planned`);
    const review = reviewPlan(parseTerraformPlan(JSON.stringify(plan), `database-${name}`));
    const change = (address: string) => {
      const found = plan.resource_changes?.find((candidate) => candidate.address === address);
      if (!found) throw new Error(`no ${address} in the plan of database edit ${name}`);
      return found.change as { before: Record<string, unknown>; after: Record<string, unknown> };
    };
    return { actions: plannedActions(plan), change, review, summary: renderReview(review, `huntaze-dev: database ${name}`) };
  };

  it.each([
    ["instance-class", "instance_class", "db.t4g.micro", "db.t4g.small"],
    ["engine-version", "engine_version", "17", "17.4"],
  ] as const)("%s updates the database in place, and plan:summary flags its %s as disruptive, with the effect", (name, attribute, before, after) => {
    const { actions, change, review, summary } = databasePlan(name);
    const effect = DISRUPTIVE_DATABASE_ATTRIBUTES[attribute];

    expect(actions).toEqual(DATABASE_UPDATE);
    expect([change(DATABASE).before[attribute], change(DATABASE).after[attribute]]).toEqual([before, after]);
    expect(review.blocked).toEqual([]);
    expect(review.disruptive).toEqual([{ address: DATABASE, attribute, effect }]);
    expect(summary).toContain("> **1 disruptive change(s) to existing databases**");
    expect(summary).toContain(`> - \`${DATABASE}\` ${attribute}: ${effect}`);
  });

  it("a longer Performance Insights retention updates the database in place, and plan:summary flags nothing", () => {
    const { actions, change, review, summary } = databasePlan("insights-retention");

    expect(actions).toEqual(DATABASE_UPDATE);
    expect([change(DATABASE).before.performance_insights_retention_period, change(DATABASE).after.performance_insights_retention_period]).toEqual([7, 31]);
    expect(review.disruptive).toEqual([]);
    expect(summary).not.toContain("disruptive");
  });

  it("a lower slow-statement threshold updates the parameter group in place, which forced TLS already: plan:summary flags nothing", () => {
    const { actions, change, review, summary } = databasePlan("slow-statement-threshold");
    const parameters = (side: "before" | "after") => change(DATABASE_PARAMETERS)[side].parameter;

    expect(actions).toEqual({ [DATABASE_PARAMETERS]: ["update"] });
    // The parameter blocks as the provider plans them, read by the check for rds.force_ssl: set before and after.
    for (const side of ["before", "after"] as const) expect(parameters(side)).toContainEqual(expect.objectContaining({ name: "rds.force_ssl", value: "1" }));
    expect(parameters("after")).toContainEqual(expect.objectContaining({ name: "log_min_duration_statement", value: "250" }));
    expect(review.disruptive).toEqual([]);
    expect(summary).not.toContain("disruptive");
  });
});
