/**
 * The deploy workflow's review step as GitHub runs it (bash -e, the step's own environment), with
 * the real plan:summary on a plan that loses stateful resources: blocked without an override; let
 * through, and logged with who asked, when the run names each address.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../support/project-copy";

const workflow = parse(readFileSync(join(PROJECT_ROOT, ".github", "workflows", "deploy-environment.yml"), "utf8"));
const review = workflow.jobs.plan.steps.find((step: any) => String(step.run).includes("plan:summary"));
const BLOCKED = ["aws_db_instance.database", "aws_cloudwatch_log_group.candidate"];

interface StepRun {
  readonly code: number;
  readonly stdout: string;
  readonly summary: string;
  /** The arguments npm was given. */
  readonly npmArgs: string[];
}

describe("the deploy workflow's plan review step (bash, real plan:summary)", () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "huntaze-plan-review-step-"));
    writeFileSync(join(work, "plan.json"), readFileSync(join(PROJECT_ROOT, "__tests__", "fixtures", "plans", "stateful-aws.plan.json")));
    // npm as the step calls it, running the project's plan:summary; it records its arguments.
    writeFileSync(
      join(work, "npm"),
      `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${join(work, "npm-args")}"\n[ "$1 $2 $3 $4" = "run --silent plan:summary --" ] || exit 99\nshift 4\nexec "${process.execPath}" "${join(PROJECT_ROOT, "scripts", "run-ts.mjs")}" "${join(PROJECT_ROOT, "scripts", "plan-summary.ts")}" "$@"\n`,
    );
    chmodSync(join(work, "npm"), 0o755);
    // A file a glob of an address would match: the step must pass the address as written.
    writeFileSync(join(work, "aws_db_instance.databasex"), "");
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function runStep(allowDestroy: string): Promise<StepRun> {
    const summaryFile = join(work, `summary-${Math.random().toString(36).slice(2)}.md`);
    writeFileSync(summaryFile, "");
    // The step's env, as the workflow maps its expressions.
    const env = { PATH: `${work}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summaryFile, ENVIRONMENT: "prod", ALLOW_DESTROY: allowDestroy, ACTOR: "octocat" };
    expect(Object.keys(review.env).sort()).toEqual(["ACTOR", "ALLOW_DESTROY", "ENVIRONMENT"]);
    return new Promise((resolve) => {
      execFile("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", review.run], { cwd: work, env, timeout: 120_000 }, (error, stdout) => {
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          stdout,
          summary: readFileSync(summaryFile, "utf8"),
          npmArgs: readFileSync(join(work, "npm-args"), "utf8").trim().split("\n"),
        });
      });
    });
  }

  it("fails the job on a plan that destroys stateful resources, with the summary in the run", async () => {
    const run = await runStep("");

    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::plan:summary exited 1");
    expect(run.summary).toContain("[!CAUTION]");
    expect(run.summary).not.toContain("**Override**");
    expect(run.npmArgs).toEqual(["run", "--silent", "plan:summary", "--", "plan.json", "--title", "Plan: prod"]);
  }, 120_000);

  it("still fails when the override names only some of them", async () => {
    const run = await runStep(BLOCKED[0]);

    expect(run.code).toBe(1);
    expect(run.summary).toContain(`**Override** by @octocat: \`--allow-destroy ${BLOCKED[0]}\``);
  }, 120_000);

  it("lets the plan through when the run names every address, logging who asked and for what", async () => {
    const run = await runStep(`  ${BLOCKED.join("   ")} `);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`::warning title=Stateful destroy allowed::octocat let plan:summary through for prod: ${BLOCKED.join(" ")}`);
    expect(run.summary.startsWith(`**Override** by @octocat: \`--allow-destroy ${BLOCKED.join(" ")}\``)).toBe(true);
    expect(run.npmArgs.slice(4)).toEqual(["plan.json", "--title", "Plan: prod", ...BLOCKED.flatMap((address) => ["--allow-destroy", address])]);
  }, 120_000);

  it("passes an address as written, never as a glob", async () => {
    const run = await runStep("aws_db_instance.database?");

    expect(run.npmArgs.slice(-2)).toEqual(["--allow-destroy", "aws_db_instance.database?"]);
    expect(run.code).toBe(1);
  }, 120_000);
});
