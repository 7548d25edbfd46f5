/** `npm run plan:summary` as CI runs it: the summary on stdout, and an exit code a pipeline can act on. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNode } from "../support/child-process";
import { PROJECT_ROOT } from "../support/project-copy";

const FIXTURES = join(__dirname, "..", "fixtures", "plans");
const summary = (args: string[]) =>
  runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/plan-summary.ts", ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });

it("prints the summary and exits 0 when nothing stateful is lost", async () => {
  const result = await summary([join(FIXTURES, "terraform-data.plan.json"), "--title", "Plan for dev"]);

  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^### Plan for dev\n/);
  expect(result.stdout).toContain("2 to replace");
}, 60_000);

it("exits 1 naming each stateful resource it would lose, and 0 once each is allowed", async () => {
  const plan = join(FIXTURES, "stateful-aws.plan.json");

  const refused = await summary([plan]);
  const allowed = await summary([plan, "--allow-destroy", "aws_db_instance.database", "--allow-destroy", "aws_cloudwatch_log_group.candidate"]);

  expect(refused.code).toBe(1);
  expect(refused.stdout).toContain("[!CAUTION]");
  expect(refused.stderr).toContain("refusing 2 destroy/replace of stateful resources: aws_db_instance.database, aws_cloudwatch_log_group.candidate");
  expect(allowed.code).toBe(0);
  expect(allowed.stdout).toContain("Allowed with --allow-destroy.");
}, 60_000);

it("exits 2 with a reason for a missing file, a binary plan, or a wrong call", async () => {
  const binary = join(mkdtempSync(join(tmpdir(), "plan-")), "tfplan");
  writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]));

  const [missing, notJson, noFile, unknownOption] = await Promise.all([
    summary(["/no/such/plan.json"]),
    summary([binary]),
    summary([]),
    summary([join(FIXTURES, "terraform-data.plan.json"), "--allow-destory", "x"]),
  ]);

  expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("plan:summary: cannot read /no/such/plan.json: ENOENT") });
  expect(notJson).toMatchObject({ code: 2, stderr: expect.stringContaining("not the binary plan file") });
  expect(noFile).toMatchObject({ code: 2, stderr: expect.stringContaining("expected one plan file, got 0\nusage: npm run plan:summary") });
  expect(unknownOption).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--allow-destory'") });
}, 60_000);
