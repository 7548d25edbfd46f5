import { synthesizeEnvironment } from "../support/app-stacks";

describe("the log groups' encryption", () => {
  it("encrypts every prod log group with the log key, which CloudWatch Logs may use for exactly those groups", () => {
    const prod = synthesizeEnvironment("prod") as any;
    const groups = Object.values(prod.resource.aws_cloudwatch_log_group) as Array<{ name: string; kms_key_id?: string }>;
    const statement = prod.data.aws_iam_policy_document.log_key_key_policy.statement.find((candidate: any) => candidate.sid === "CloudWatchLogsEncryptsTheseGroups");

    expect(groups.map((group) => group.kms_key_id)).toEqual(groups.map(() => "${aws_kms_key.log_key_key.arn}"));
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }]);
    const allowed: string[] = statement.condition[0].values;
    expect(statement.condition[0]).toMatchObject({ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn" });
    // Every group the stack creates is allowed, by name or by the execution logs' prefix, and nothing else.
    for (const group of groups) {
      const arn = `arn:aws:logs:eu-west-1:333333333333:log-group:${group.name}`;
      expect(allowed.some((pattern) => new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\/]/g, (c) => (c === "*" ? ".*" : `\\${c}`))}$`).test(arn))).toBe(true);
    }
    expect(allowed).toHaveLength(groups.length);
  });

  it("leaves dev's log groups on CloudWatch Logs' key, by its config, with no key of its own", () => {
    const dev = synthesizeEnvironment("dev") as any;

    expect(Object.values(dev.resource.aws_cloudwatch_log_group).map((group: any) => group.kms_key_id)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(dev.resource.aws_kms_key.log_key_key).toBeUndefined();
  });
});
