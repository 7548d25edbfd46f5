import { escapeTemplateLiterals, tidyCdktfHcl, unwrapInterpolationOnly } from "../../synth/hcl-text";
import { parseHcl } from "../support/hcl";

describe("unwrapInterpolationOnly", () => {
  it.each([
    ['a = "${aws_sns_topic.this.arn}"', "a = aws_sns_topic.this.arn"],
    ['c = "${length(var.x) > 0 ? "a${var.y}" : "b"}"', 'c = length(var.x) > 0 ? "a${var.y}" : "b"'],
    ['f = ["${var.z}", "x"]', 'f = [var.z, "x"]'],
    ['g = "${jsonencode({ "a" = 1 })}"', 'g = jsonencode({ "a" = 1 })'],
    ['h = "${var.a == "x"}"', 'h = var.a == "x"'],
  ])("writes a lone interpolation bare: %s", (hcl, expected) => {
    expect(unwrapInterpolationOnly(hcl)).toBe(expected);
  });

  it.each([
    'b = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"',
    'd = "$${not_a_reference}"',
    'tags = { "${var.key}" = 1 }',
    'e = <<EOT\n"${kept}"\nEOT',
    '# "${a comment}"',
  ])("leaves templates with text, escapes, object keys, heredocs and comments as they are: %s", (hcl) => {
    expect(unwrapInterpolationOnly(hcl)).toBe(hcl);
  });

  it("names where a string never ends, rather than guessing", () => {
    expect(() => unwrapInterpolationOnly('a = "${var.x}')).toThrow(/unterminated/);
  });
});

describe("escapeTemplateLiterals", () => {
  it("escapes the literal text around references, not the references, so HCL reads back the same string", async () => {
    const value = '{"alarms":["${aws_cloudwatch_metric_alarm.this.arn}"],"path":"C:\\\\logs","expr":"${jsonencode({"a" = 1})}"}';
    const hcl = `x = "${escapeTemplateLiterals(value)}"\n`;

    expect((await parseHcl("x.tf", hcl)).x).toBe(value);
  });
});

describe("tidyCdktfHcl", () => {
  it("unquotes the addresses in depends_on and ignore_changes", () => {
    const hcl = 'depends_on = ["aws_iam_role.x", "aws_sqs_queue.y"]\nignore_changes = ["function_version"]';
    expect(tidyCdktfHcl(hcl)).toBe("depends_on = [aws_iam_role.x, aws_sqs_queue.y]\nignore_changes = [function_version]");
  });
});
