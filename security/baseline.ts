import { EXCEPTIONS_KEY } from "../contracts/security-exceptions";
import { RULES, type Rule, type TerraformBlock, type TerraformDocument } from "./rules";

export interface Finding {
  readonly rule: string;
  readonly title: string;
  /** `aws_lambda_function.mock_read`, or `data.aws_iam_policy_document.…`. */
  readonly address: string;
  readonly problem: string;
}

export interface AcceptedException {
  readonly rule: string;
  readonly address: string;
  readonly reason: string;
}

export interface BaselineReport {
  readonly findings: readonly Finding[];
  /** Rules a resource breaks on purpose, with the reason written beside it (acceptSecurityException). */
  readonly accepted: readonly AcceptedException[];
}

function blocksOf(document: TerraformDocument, type: string): Array<[address: string, block: TerraformBlock]> {
  const [kind, name] = type.startsWith("data.") ? (["data", type.slice(5)] as const) : (["resource", type] as const);
  return Object.entries(document[kind]?.[name] ?? {}).map(([blockName, block]) => [`${type}.${blockName}`, block]);
}

function recordedReason(block: TerraformBlock, ruleId: string): string | undefined {
  const reason = block["//"]?.[EXCEPTIONS_KEY]?.[ruleId];
  return typeof reason === "string" ? reason : undefined;
}

/**
 * The reason recorded for breaking a rule. cdktf rewrites a data source's `//` key, so an exception
 * for a policy document is recorded on the resource that uses it (a KMS key for its key policy).
 */
function exceptionReason(document: TerraformDocument, address: string, block: TerraformBlock, ruleId: string) {
  const own = recordedReason(block, ruleId);
  if (own || !address.startsWith("data.")) return own;
  const reference = `\${${address}.json}`;
  for (const byName of Object.values(document.resource ?? {})) {
    for (const user of Object.values(byName)) {
      const reason = recordedReason(user, ruleId);
      if (reason && Object.values(user).some((value) => value === reference)) return reason;
    }
  }
  return undefined;
}

/** Every rule over every block of its type in one synthesized stack. */
export function checkSecurityBaseline(document: TerraformDocument, rules: readonly Rule[] = RULES): BaselineReport {
  const findings: Finding[] = [];
  const accepted: AcceptedException[] = [];
  for (const rule of rules) {
    for (const [address, block] of blocksOf(document, rule.type)) {
      const problem = rule.check(block, { document, address });
      if (!problem) continue;
      const reason = exceptionReason(document, address, block, rule.id);
      if (typeof reason === "string") accepted.push({ rule: rule.id, address, reason });
      else findings.push({ rule: rule.id, title: rule.title, address, problem });
    }
  }
  return { findings, accepted };
}

/** Findings as lines a CI log shows: `CKV_AWS_50 aws_lambda_function.x: tracing_config.mode is not Active`. */
export function formatFindings(stack: string, findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${stack}: ${finding.rule} ${finding.address}: ${finding.problem} (${finding.title})`);
}
