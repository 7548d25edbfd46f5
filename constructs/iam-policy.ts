import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { POLICY_STATEMENT_RULES } from "./iam-policy-rules";
import { knownAtSynth } from "./known-at-synth";
import { keepsTextRule } from "./text-rule";

/** One statement of an IAM policy, as the constructs here accept and write them. */
export interface PolicyStatement {
  /** Names what the statement is for, in the policy (`Sid`). */
  readonly sid: string;
  /** Exact actions (`sqs:SendMessage`): wildcards are refused, so a grant never widens by itself. */
  readonly actions: readonly string[];
  /** The ARNs the actions apply to. */
  readonly resources: readonly string[];
}

/**
 * Fails fast on a malformed or repeated sid, a statement without actions or resources, or a
 * wildcard or malformed action, naming the statement and the value (POLICY_STATEMENT_RULES).
 */
export function assertExactActions(where: string, statements: readonly PolicyStatement[]): void {
  const { sid: sidRule, action: actionRule } = POLICY_STATEMENT_RULES;
  const sids = new Set<string>();
  for (const statement of statements) {
    if (knownAtSynth(statement.sid) && !keepsTextRule(sidRule, statement.sid)) throw new Error(`${where}: statement sid must ${sidRule.must}, got "${statement.sid}"`);
    if (sids.has(statement.sid)) throw new Error(`${where}: statement sid "${statement.sid}" is given twice; each needs its own`);
    sids.add(statement.sid);
    if (statement.actions.length === 0) throw new Error(`${where}: statement "${statement.sid}" has no actions`);
    if (statement.resources.length === 0) throw new Error(`${where}: statement "${statement.sid}" has no resources`);
    for (const action of statement.actions) {
      if (knownAtSynth(action) && !keepsTextRule(actionRule, action)) throw new Error(`${where}: statement "${statement.sid}" must ${actionRule.must}, got "${action}"`);
    }
  }
}

/**
 * An identity policy as an `aws_iam_policy_document`: structured in the plan, so a reviewer reads
 * each statement instead of one escaped string.
 */
export function allowPolicyDocument(
  scope: Construct,
  id: string,
  statements: readonly PolicyStatement[],
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((statement) => ({
      sid: statement.sid,
      effect: "Allow",
      actions: [...statement.actions],
      resources: [...statement.resources],
    })),
  });
}

/**
 * On whose behalf a service may assume a role: its requests carry the account (and, for some
 * services, the resource) they act for, in `aws:SourceAccount` and `aws:SourceArn`. Trusting the
 * service principal alone would let it assume the role on behalf of any account's resource: the
 * cross-service confused deputy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention
 */
export interface ServiceTrustScope {
  /** This account: the service may assume the role only for its resources here. */
  readonly sourceAccount: string;
  /**
   * The resource (ARN, `*` allowed) the service acts for, where the service documents that it
   * passes it (RDS enhanced monitoring does).
   * @default - the account alone
   */
  readonly sourceArn?: string;
}

/** A trust policy letting one AWS service assume a role, for this account's resources only. */
export function assumeRoleDocument(scope: Construct, id: string, service: string, scopedTo: ServiceTrustScope): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [service] }],
        condition: [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [scopedTo.sourceAccount] },
          ...(scopedTo.sourceArn ? [{ test: "ArnLike", variable: "aws:SourceArn", values: [scopedTo.sourceArn] }] : []),
        ],
      },
    ],
  });
}

/**
 * A trust policy for a service that does not put `aws:SourceAccount` or `aws:SourceArn` in its
 * AssumeRole requests: a condition on either would deny it every time. Only for a service where
 * that is known, with the reason written at the call; the baseline rule
 * HUNTAZE_SERVICE_TRUST_SCOPED lists such services (security/rules.ts).
 */
export function unscopedServiceTrustDocument(scope: Construct, id: string, service: string): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: [service] }] }],
  });
}

/**
 * The trust policy of a Lambda function's execution role. Lambda assumes it only for a function
 * whose configuration names it, which only this account's IAM can allow (iam:PassRole), so the
 * confused-deputy conditions of service roles do not apply.
 */
export function lambdaExecutionTrustDocument(scope: Construct, id: string): DataAwsIamPolicyDocument {
  return unscopedServiceTrustDocument(scope, id, "lambda.amazonaws.com");
}

/** The account of an ARN (`arn:partition:service:region:account:…`), as Terraform reads it at plan. */
export function accountOfArn(arn: string): string {
  return Fn.element(Fn.split(":", arn), 4);
}
