import type { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";

/** One statement of an IAM policy, as the constructs here accept and write them. */
export interface PolicyStatement {
  /** Names what the statement is for, in the policy (`Sid`). */
  readonly sid: string;
  /** Exact actions (`sqs:SendMessage`): wildcards are refused, so a grant never widens by itself. */
  readonly actions: readonly string[];
  /** The ARNs the actions apply to. */
  readonly resources: readonly string[];
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/** Fails fast on a wildcard or malformed action, naming the statement and the action. */
export function assertExactActions(where: string, statements: readonly PolicyStatement[]): void {
  for (const statement of statements) {
    if (statement.actions.length === 0) throw new Error(`${where}: statement "${statement.sid}" has no actions`);
    if (statement.resources.length === 0) throw new Error(`${where}: statement "${statement.sid}" has no resources`);
    for (const action of statement.actions) {
      if (!ACTION.test(action)) {
        throw new Error(
          `${where}: statement "${statement.sid}" must name exact actions like "sqs:SendMessage", got "${action}"`,
        );
      }
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

/** A trust policy letting one AWS service assume a role. */
export function assumeRoleDocument(scope: Construct, id: string, service: string): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [service] }],
      },
    ],
  });
}
