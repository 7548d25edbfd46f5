import { conditionHolds, evaluate, policyFromDocument, type Policy } from "../support/iam-policy-evaluator";

const role = { arn: "arn:aws:iam::111111111111:role/app", account: "111111111111" };
const allowAll: Policy = { name: "allow all", statements: [{ effect: "Allow", actions: ["*"], resources: ["*"] }] };

describe("the IAM policy evaluator", () => {
  it("lets an explicit Deny win over any Allow", () => {
    const resourcePolicy: Policy = { name: "bucket", statements: [{ sid: "No", effect: "Deny", actions: ["s3:Get*"], resources: ["arn:aws:s3:::b/*"], principals: [{ type: "*", identifiers: ["*"] }] }] };
    expect(evaluate({ principal: role, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", resourceAccount: "111111111111", identityPolicies: [allowAll], resourcePolicy })).toMatchObject({ allowed: false, reason: "explicit-deny" });
  });

  it("needs both sides across accounts, and one side within an account (KMS excepted)", () => {
    const granting: Policy = { name: "bucket", statements: [{ effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }] }] };
    const none: Policy = { name: "none", statements: [] };
    const request = { principal: role, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
    expect(evaluate({ ...request, resourceAccount: "444444444444", identityPolicies: [allowAll], resourcePolicy: granting }).allowed).toBe(true);
    expect(evaluate({ ...request, resourceAccount: "444444444444", identityPolicies: [none], resourcePolicy: granting }).allowed).toBe(false);
    expect(evaluate({ ...request, resourceAccount: "444444444444", identityPolicies: [allowAll] }).allowed).toBe(false);
    expect(evaluate({ ...request, resourceAccount: "111111111111", identityPolicies: [allowAll] }).allowed).toBe(true);
    expect(evaluate({ ...request, action: "kms:Decrypt", resource: "arn:aws:kms:eu-west-1:111111111111:key/k", resourceAccount: "111111111111", identityPolicies: [allowAll], resourcePolicy: none }).allowed).toBe(false);
  });

  it("matches actions case-insensitively and resources case-sensitively, with wildcards", () => {
    const identity: Policy = { name: "id", statements: [{ effect: "Allow", actions: ["S3:get*"], resources: ["arn:aws:s3:::b/dev/?.tfstate"] }] };
    const ask = (action: string, resource: string) => evaluate({ principal: role, action, resource, resourceAccount: "111111111111", identityPolicies: [identity] }).allowed;
    expect(ask("s3:GetObject", "arn:aws:s3:::b/dev/a.tfstate")).toBe(true);
    expect(ask("s3:GetObject", "arn:aws:s3:::b/DEV/a.tfstate")).toBe(false);
    expect(ask("s3:PutObject", "arn:aws:s3:::b/dev/a.tfstate")).toBe(false);
  });

  it("honours condition operators, missing keys, IfExists and set operators", () => {
    const context = { "aws:SecureTransport": "false", "s3:prefix": "huntaze/dev/", "aws:PrincipalArn": role.arn };
    expect(conditionHolds({ test: "Bool", variable: "aws:securetransport", values: ["false"] }, context)).toBe(true);
    expect(conditionHolds({ test: "StringLike", variable: "s3:prefix", values: ["huntaze/prod/*", "huntaze/dev/*"] }, context)).toBe(true);
    expect(conditionHolds({ test: "StringEquals", variable: "s3:prefix", values: ["huntaze/"] }, context)).toBe(false);
    expect(conditionHolds({ test: "StringNotEquals", variable: "aws:PrincipalOrgID", values: ["o-1"] }, context)).toBe(true);
    expect(conditionHolds({ test: "StringEquals", variable: "aws:PrincipalOrgID", values: ["o-1"] }, context)).toBe(false);
    expect(conditionHolds({ test: "StringEqualsIfExists", variable: "aws:PrincipalOrgID", values: ["o-1"] }, context)).toBe(true);
    expect(conditionHolds({ test: "ArnLike", variable: "aws:PrincipalArn", values: ["arn:aws:iam::111111111111:role/*"] }, context)).toBe(true);
    expect(conditionHolds({ test: "ArnEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::222222222222:role/app"] }, context)).toBe(false);
    expect(conditionHolds({ test: "Null", variable: "aws:PrincipalOrgID", values: ["true"] }, context)).toBe(true);
    expect(conditionHolds({ test: "ForAllValues:StringEquals", variable: "aws:TagKeys", values: ["a"] }, { "aws:TagKeys": ["a", "b"] })).toBe(false);
    expect(conditionHolds({ test: "ForAnyValue:StringEquals", variable: "aws:TagKeys", values: ["a"] }, { "aws:TagKeys": ["a", "b"] })).toBe(true);
  });

  it("refuses what it does not model, naming it", () => {
    expect(() => conditionHolds({ test: "NumericLessThan", variable: "s3:max-keys", values: ["10"] }, {})).toThrow("condition operator NumericLessThan on s3:max-keys is not modelled by this evaluator");
    expect(() => policyFromDocument("bucket policy", { statement: [{ sid: "X", not_principals: [{ type: "AWS", identifiers: ["*"] }] }] })).toThrow("bucket policy: statement X uses not_principals, which this evaluator does not model");
    expect(() => policyFromDocument("bucket policy", { statement: [{ actions: ["s3:*"], resources: ["${aws_s3_bucket.other.arn}"] }] })).toThrow("bucket policy: ${aws_s3_bucket.other.arn} is not known from the synthesized JSON; give its value");
  });
});
