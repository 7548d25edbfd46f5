/**
 * A small evaluator of IAM policies, enough to say from synthesized JSON who can reach what.
 *
 * What it follows of IAM's evaluation logic:
 * - an explicit Deny in any policy that applies wins;
 * - a request inside one account is allowed by an Allow in the principal's identity policies or
 *   in the resource's policy when that statement names the principal itself; a resource-policy
 *   statement that names only the principal's account (`…:root`, or the account id) delegates to
 *   the account, so the identity side must allow too;
 * - a request from another account needs an Allow on both sides;
 * - a KMS key's policy is required: without a key-policy Allow (direct, or delegating to the
 *   principal's account) nothing is allowed, whatever the identity policies say;
 * - actions match case-insensitively, resources case-sensitively, both with `*` and `?`;
 * - conditions: String(Not)Equals(IgnoreCase), String(Not)Like, Arn(Not)Equals, Arn(Not)Like, Bool,
 *   Null, each with `IfExists`, and the `ForAnyValue:` / `ForAllValues:` set operators; values of
 *   one condition are ORed, conditions of one statement ANDed; a key missing from the request
 *   makes a positive operator false and a negated one true; key names are case-insensitive.
 *
 * What it does not model: service control and resource control policies, permissions
 * boundaries, session policies, ACLs and S3 Object Ownership, KMS grants, VPC endpoint policies,
 * policy variables (`${aws:username}`), numeric, date and IP operators, `NotPrincipal` (refused
 * with an error), the role chain behind a session (a principal is its role's ARN), and the actions
 * S3 and KMS make on a caller's behalf beyond those a request lists.
 */

export type Effect = "Allow" | "Deny";

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface PolicyPrincipal {
  /** "AWS", "Service", "Federated" or "*". */
  readonly type: string;
  readonly identifiers: readonly string[];
}

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  /** Resource and trust policies only. */
  readonly principals?: readonly PolicyPrincipal[];
  readonly conditions?: readonly PolicyCondition[];
}

export interface Policy {
  /** Names the policy in explanations ("bucket policy", "huntaze-dev-deploy's state policy"). */
  readonly name: string;
  readonly statements: readonly PolicyStatement[];
}

/** Who asks: a role (its sessions included), an account root, a service or a web identity. */
export interface Principal {
  /** The role's or user's ARN, `aws:PrincipalArn`; for a web identity, the provider's ARN. */
  readonly arn: string;
  readonly account: string;
  /** "AWS" for IAM principals, "Federated" for a web identity, "Service" for a service. */
  readonly type?: "AWS" | "Federated" | "Service";
}

export interface AccessRequest {
  readonly principal: Principal;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  /** The principal's identity policies: pass [ALLOW_EVERYTHING] for the most a role could be given. */
  readonly identityPolicies: readonly Policy[];
  /** The bucket policy, key policy or role trust policy, if the resource has one. */
  readonly resourcePolicy?: Policy;
  /** Request context keys; aws:PrincipalArn, aws:PrincipalAccount and aws:SecureTransport ("true") are filled in. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface Decision {
  readonly allowed: boolean;
  readonly reason: "explicit-deny" | "allowed" | "implicit-deny";
  /** Which statements decided, for a failing test to say why. */
  readonly explanation: string;
}

/** An identity policy allowing every action on every resource: the most an environment could give its role. */
export const ALLOW_EVERYTHING: Policy = {
  name: "allow everything",
  statements: [{ effect: "Allow", actions: ["*"], resources: ["*"] }],
};

function globToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
}

const matchesAction = (patterns: readonly string[], action: string) => patterns.some((pattern) => globToRegExp(pattern, true).test(action));
const matchesResource = (patterns: readonly string[], resource: string) => patterns.some((pattern) => globToRegExp(pattern, false).test(resource));

const ACCOUNT_ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** How a statement's principals name the request's principal: itself, its account, or not at all. */
function principalMatch(statement: PolicyStatement, principal: Principal): "itself" | "account" | undefined {
  let best: "itself" | "account" | undefined;
  for (const { type, identifiers } of statement.principals ?? []) {
    for (const identifier of identifiers) {
      if (type === "*" || identifier === "*") return "itself";
      if (type !== (principal.type ?? "AWS")) continue;
      if (identifier === principal.arn) return "itself";
      const root = ACCOUNT_ROOT.exec(identifier)?.[1] ?? (/^\d{12}$/.test(identifier) ? identifier : undefined);
      if (type === "AWS" && root === principal.account) best = "account";
    }
  }
  return best;
}

function contextValues(context: Readonly<Record<string, string | readonly string[]>>, key: string): readonly string[] | undefined {
  const found = Object.keys(context).find((name) => name.toLowerCase() === key.toLowerCase());
  if (found === undefined) return undefined;
  const value = context[found];
  return typeof value === "string" ? [value] : value;
}

const BASE_OPERATORS: Record<string, { negated: boolean; compare: (actual: string, expected: string) => boolean }> = {
  StringEquals: { negated: false, compare: (a, e) => a === e },
  StringNotEquals: { negated: true, compare: (a, e) => a === e },
  StringEqualsIgnoreCase: { negated: false, compare: (a, e) => a.toLowerCase() === e.toLowerCase() },
  StringNotEqualsIgnoreCase: { negated: true, compare: (a, e) => a.toLowerCase() === e.toLowerCase() },
  StringLike: { negated: false, compare: (a, e) => globToRegExp(e, false).test(a) },
  StringNotLike: { negated: true, compare: (a, e) => globToRegExp(e, false).test(a) },
  ArnEquals: { negated: false, compare: (a, e) => globToRegExp(e, false).test(a) },
  ArnLike: { negated: false, compare: (a, e) => globToRegExp(e, false).test(a) },
  ArnNotEquals: { negated: true, compare: (a, e) => globToRegExp(e, false).test(a) },
  ArnNotLike: { negated: true, compare: (a, e) => globToRegExp(e, false).test(a) },
  Bool: { negated: false, compare: (a, e) => a.toLowerCase() === e.toLowerCase() },
};

/** Whether one condition block holds for the request's context. */
export function conditionHolds(condition: PolicyCondition, context: Readonly<Record<string, string | readonly string[]>>): boolean {
  let operator = condition.test;
  let set: "ForAnyValue" | "ForAllValues" | undefined;
  const setMatch = /^(ForAnyValue|ForAllValues):(.+)$/.exec(operator);
  if (setMatch) {
    set = setMatch[1] as "ForAnyValue" | "ForAllValues";
    operator = setMatch[2];
  }
  const ifExists = operator.endsWith("IfExists");
  if (ifExists) operator = operator.slice(0, -"IfExists".length);
  const actual = contextValues(context, condition.variable);

  if (operator === "Null") {
    const wantsAbsent = condition.values.map((value) => value.toLowerCase()).includes("true");
    return wantsAbsent === (actual === undefined);
  }
  const base = BASE_OPERATORS[operator];
  if (!base) {
    throw new Error(`condition operator ${condition.test} on ${condition.variable} is not modelled by this evaluator`);
  }
  if (actual === undefined || actual.length === 0) {
    if (ifExists) return true;
    if (set === "ForAllValues") return true;
    return base.negated;
  }
  const matchesOne = (value: string) => condition.values.some((expected) => base.compare(value, expected));
  if (base.negated) {
    // A negated operator holds when no value matches (for every value, or for one under ForAnyValue).
    return set === "ForAnyValue" ? actual.some((value) => !matchesOne(value)) : actual.every((value) => !matchesOne(value));
  }
  return set === "ForAllValues" ? actual.every(matchesOne) : actual.some(matchesOne);
}

function statementApplies(statement: PolicyStatement, request: AccessRequest, context: Readonly<Record<string, string | readonly string[]>>, asResourcePolicy: boolean): "itself" | "account" | undefined {
  let how: "itself" | "account" | undefined = "itself";
  if (asResourcePolicy) {
    how = principalMatch(statement, request.principal);
    if (!how) return undefined;
  }
  if (statement.actions && !matchesAction(statement.actions, request.action)) return undefined;
  if (statement.notActions && matchesAction(statement.notActions, request.action)) return undefined;
  if (!statement.actions && !statement.notActions) return undefined;
  // A trust policy's statements name no resource: the role is the resource.
  if (statement.resources && !matchesResource(statement.resources, request.resource)) return undefined;
  if (statement.notResources && matchesResource(statement.notResources, request.resource)) return undefined;
  if (!(statement.conditions ?? []).every((condition) => conditionHolds(condition, context))) return undefined;
  return how;
}

const describe = (policy: Policy, statement: PolicyStatement, index: number) => `${policy.name}: ${statement.effect} ${statement.sid ?? `#${index}`}`;

/** IAM's decision on one request, with the statements that made it. */
export function evaluate(request: AccessRequest): Decision {
  const context: Record<string, string | readonly string[]> = {
    "aws:SecureTransport": "true",
    "aws:PrincipalArn": request.principal.arn,
    "aws:PrincipalAccount": request.principal.account,
    ...request.context,
  };
  const denies: string[] = [];
  const identityAllows: string[] = [];
  const resourceAllows: Array<{ how: "itself" | "account"; by: string }> = [];

  for (const policy of request.identityPolicies) {
    policy.statements.forEach((statement, index) => {
      if (statement.principals) throw new Error(`${policy.name}: an identity policy names no principals (statement ${statement.sid ?? index})`);
      if (!statementApplies(statement, request, context, false)) return;
      (statement.effect === "Deny" ? denies : identityAllows).push(describe(policy, statement, index));
    });
  }
  const resourcePolicy = request.resourcePolicy;
  resourcePolicy?.statements.forEach((statement, index) => {
    const how = statementApplies(statement, request, context, true);
    if (!how) return;
    if (statement.effect === "Deny") denies.push(describe(resourcePolicy, statement, index));
    else resourceAllows.push({ how, by: describe(resourcePolicy, statement, index) });
  });

  if (denies.length > 0) return { allowed: false, reason: "explicit-deny", explanation: denies.join("; ") };

  const sameAccount = request.principal.account === request.resourceAccount;
  const direct = resourceAllows.find((allow) => allow.how === "itself");
  const delegated = resourceAllows.find((allow) => allow.how === "account");
  const identity = identityAllows[0];
  const isKms = request.action.toLowerCase().startsWith("kms:");
  const isRoleTrust = request.action.toLowerCase().startsWith("sts:assumerole");

  let allowedBy: string | undefined;
  if (sameAccount && !isKms && !isRoleTrust) {
    allowedBy = direct?.by ?? identity ?? undefined;
  } else if (sameAccount) {
    // A key policy, like a trust policy, must allow: directly, or by delegating to the account's IAM.
    allowedBy = direct?.by ?? (delegated && identity ? `${delegated.by} + ${identity}` : undefined);
  } else if ((direct || delegated) && (identity || request.principal.type === "Federated" || request.principal.type === "Service")) {
    // Across accounts both sides must allow; a web identity or a service has no identity policy.
    allowedBy = `${(direct ?? delegated)!.by}${identity ? ` + ${identity}` : ""}`;
  }
  if (allowedBy) return { allowed: true, reason: "allowed", explanation: allowedBy };
  const sides = [`identity: ${identityAllows.length ? identityAllows.join(", ") : "no Allow"}`, `resource: ${resourceAllows.length ? resourceAllows.map((allow) => allow.by).join(", ") : "no Allow"}`];
  return { allowed: false, reason: "implicit-deny", explanation: sides.join("; ") };
}

interface TerraformStatement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: string[];
  readonly not_actions?: string[];
  readonly resources?: string[];
  readonly not_resources?: string[];
  readonly principals?: Array<{ type: string; identifiers: string[] }>;
  readonly not_principals?: unknown;
  readonly condition?: Array<{ test: string; variable: string; values: string[] }>;
}

/**
 * A policy from an `aws_iam_policy_document` data source as synthesized: `${…}` references are
 * replaced by `values` (a bucket's ARN, a key's ARN), and one left unresolved is an error naming it.
 */
export function policyFromDocument(name: string, document: { statement?: unknown }, values: Readonly<Record<string, string>> = {}): Policy {
  const resolve = (text: string) =>
    text.replace(/\$\{([^}]+)\}/g, (whole, reference: string) => {
      if (!(reference in values)) throw new Error(`${name}: ${whole} is not known from the synthesized JSON; give its value`);
      return values[reference];
    });
  const statements = ((document.statement ?? []) as TerraformStatement[]).map((statement, index): PolicyStatement => {
    if (statement.not_principals) throw new Error(`${name}: statement ${statement.sid ?? index} uses not_principals, which this evaluator does not model`);
    const effect = statement.effect ?? "Allow";
    if (effect !== "Allow" && effect !== "Deny") throw new Error(`${name}: statement ${statement.sid ?? index} has effect ${effect}`);
    return {
      sid: statement.sid,
      effect,
      actions: statement.actions,
      notActions: statement.not_actions,
      resources: statement.resources?.map(resolve),
      notResources: statement.not_resources?.map(resolve),
      principals: statement.principals?.map((principal) => ({ type: principal.type, identifiers: principal.identifiers.map(resolve) })),
      conditions: statement.condition?.map((condition) => ({ ...condition, values: condition.values.map(resolve) })),
    };
  });
  return { name, statements };
}

/** A policy from IAM's own JSON (as `aws iam put-role-policy` takes it). */
export function policyFromJson(name: string, json: { Statement: unknown[] }): Policy {
  const list = (value: unknown): string[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value.map(String) : [String(value)]);
  const statements = json.Statement.map((raw, index): PolicyStatement => {
    const statement = raw as Record<string, any>;
    if (statement.NotPrincipal) throw new Error(`${name}: statement ${statement.Sid ?? index} uses NotPrincipal, which this evaluator does not model`);
    const principals = statement.Principal === undefined ? undefined : statement.Principal === "*" ? [{ type: "*", identifiers: ["*"] }]
      : Object.entries(statement.Principal as Record<string, unknown>).map(([type, identifiers]) => ({ type, identifiers: list(identifiers)! }));
    const conditions = Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, byKey]) =>
      Object.entries(byKey).map(([variable, values]) => ({ test, variable, values: list(values)! })));
    return {
      sid: statement.Sid,
      effect: statement.Effect,
      actions: list(statement.Action),
      notActions: list(statement.NotAction),
      resources: list(statement.Resource),
      notResources: list(statement.NotResource),
      principals,
      conditions,
    };
  });
  return { name, statements };
}
