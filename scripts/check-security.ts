/**
 * `npm run check:security`: the security baseline (security/rules.ts) over every stack in
 * cdktf.out, as `npm run synth` wrote it. Prints each finding and each accepted exception with its
 * reason; exits 1 on any finding, so CI stops before a plan.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkSecurityBaseline, formatFindings } from "../security/baseline";
import { RULES } from "../security/rules";

const STACKS_DIR = join(process.argv[2] ?? "cdktf.out", "stacks");

if (!existsSync(STACKS_DIR)) {
  console.error(`check:security: no ${STACKS_DIR}; run npm run synth first`);
  process.exit(2);
}

let findings = 0;
for (const stack of readdirSync(STACKS_DIR).sort()) {
  const path = join(STACKS_DIR, stack, "cdk.tf.json");
  if (!existsSync(path)) continue;
  const report = checkSecurityBaseline(JSON.parse(readFileSync(path, "utf8")));
  findings += report.findings.length;
  for (const line of formatFindings(stack, report.findings)) console.error(`FAIL ${line}`);
  for (const exception of report.accepted) {
    console.log(`accepted ${stack}: ${exception.rule} ${exception.address}: ${exception.reason}`);
  }
}
console.log(`Security baseline: ${RULES.length} rules, ${findings} finding(s).`);
process.exitCode = findings > 0 ? 1 : 0;
