/**
 * Real Terraform on terraform-modules/: every module and example validates with the mirror's
 * provider, and each module's tests/*.tftest.hcl pass under `terraform test` with a mock provider.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXAMPLES_FOLDER, MODULES_FOLDER } from "../../module-builder/module-folder";
import type { ModuleCheckResult } from "../../terraform-check/module-check";
import { BridgeLedger } from "../../terraform-check/provider-bridges";
import { checkModules } from "../../terraform-check/run-check";
import { PROJECT_ROOT } from "../support/project-copy";
import { describeWithTerraform, offlineTerraform, TERRAFORM_TOOLS } from "../support/terraform-tools";

const MODULES_ROOT = join(PROJECT_ROOT, MODULES_FOLDER);

describeWithTerraform("the Terraform modules under real Terraform (npm run check:terraform)", () => {
  const work = mkdtempSync(join(tmpdir(), "huntaze-terraform-modules-"));
  const ledger = new BridgeLedger(TERRAFORM_TOOLS.available ? TERRAFORM_TOOLS.mirror.awsVersion : "0.0.0");
  let results: ModuleCheckResult[];

  beforeAll(async () => {
    results = await checkModules(offlineTerraform(), MODULES_ROOT, EXAMPLES_FOLDER, work, ledger);
  }, 900_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("checks every module and example", () => {
    const modules = readdirSync(MODULES_ROOT).filter((name) => name !== EXAMPLES_FOLDER);
    const examples = readdirSync(join(MODULES_ROOT, EXAMPLES_FOLDER)).map((name) => `${EXAMPLES_FOLDER}/${name}`);
    expect(results.map((result) => result.module).sort()).toEqual([...modules, ...examples].sort());
  });

  it("validates each one and passes each one's terraform test files", () => {
    for (const result of results) {
      expect({ module: result.module, passed: result.passed, output: result.output }).toEqual({ module: result.module, passed: true, output: "" });
    }
  });

  it("runs the tests/ folder of each module that has one", () => {
    for (const result of results) {
      const hasTests = existsSync(join(MODULES_ROOT, result.module, "tests"));
      expect({ module: result.module, ran: result.testFiles > 0 }).toEqual({ module: result.module, ran: hasTests });
      if (hasTests) expect(result.tests).toMatch(/^Success! [1-9]\d* passed, 0 failed/);
    }
  });

  it("uses every provider bridge it applies: a bridge that rewrites nothing is stale", () => {
    expect(ledger.unusedBridges()).toEqual([]);
  });
});
