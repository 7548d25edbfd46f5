import { join } from "node:path";
import { loadAppConfig } from "../../config";
import { ciRoleStatePolicy, ciRoleTrustPolicy } from "../../stacks/state-access";
import { runNode } from "../support/child-process";
import { PROJECT_ROOT } from "../support/project-copy";

const policies = (...args: string[]) =>
  runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/ci-role-policies.ts", ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });

describe("scripts/ci-role-policies.ts (the CI roles' policies the deployment guide creates)", () => {
  const config = loadAppConfig();
  const prod = config.environments.find((environment) => environment.name === "prod")!;

  it("prints a role's trust policy for a repository, and its state policy, as IAM JSON", async () => {
    const trust = await policies("prod", "deploy", "trust", "--repository", "acme/read-path");
    const state = await policies("prod", "plan", "state");

    expect(trust.code).toBe(0);
    expect(JSON.parse(trust.stdout)).toEqual(ciRoleTrustPolicy(prod, "deploy", "acme/read-path"));
    expect(state.code).toBe(0);
    expect(JSON.parse(state.stdout)).toEqual(ciRoleStatePolicy(config.stateStore, prod, "plan"));
  }, 120_000);

  it("refuses bad input with exit code 2, naming what was wrong", async () => {
    const cases = await Promise.all([
      policies("qa", "deploy", "state"),
      policies("prod", "admin", "state"),
      policies("prod", "deploy", "trust"),
      policies("prod", "deploy", "trust", "--repository", "read-path"),
    ]);
    expect(cases.map((result) => [result.code, result.stdout, result.stderr.split("\n")[0]])).toEqual([
      [2, "", 'ci-role-policies: no environment "qa"; config/environments.ts has dev, staging, prod'],
      [2, "", 'ci-role-policies: the role must be deploy or plan, got "admin"'],
      [2, "", "ci-role-policies: a trust policy needs --repository <owner/name>, the repository whose workflows assume the role"],
      [2, "", 'ci-role-policies: repository must be owner/name as GitHub spells it, got "read-path"'],
    ]);
  }, 120_000);
});
