/**
 * `npm run shadow:report`: the candidate's shadow-read log lines summarized by route and kind, from
 * a file, standard input, or a CloudWatch Logs group (the real SDK client against a local server
 * speaking CloudWatch Logs' JSON protocol).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHADOW_FAILURE_LOG_MESSAGE, SHADOW_MISMATCH_LOG_MESSAGE } from "../../contracts/shadow-read";
import { SHADOW_FILTER_PATTERN } from "../../scripts/shadow-report/log-sources";
import { awsError, AwsWireServer, childProcessEnvironment } from "../support/aws-wire-server";
import type { ProcessResult } from "../support/child-process";
import { PROJECT_ROOT } from "../support/project-copy";

jest.setTimeout(60_000);

/** Runs the report in a fresh process, `input` on its standard input. */
function report(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/shadow-report.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: options.env ?? { PATH: process.env.PATH ?? "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

const mismatch = (route: string, kind: string, path: string, timestamp: string) =>
  JSON.stringify({ level: "WARN", message: SHADOW_MISMATCH_LOG_MESSAGE, timestamp, service: "huntaze-prisma-read", route, kind, path, control: "string", candidate: "absent" });
const emf = (mismatches: number, errors: number) =>
  JSON.stringify({
    _aws: { Timestamp: 1_796_000_000_000, CloudWatchMetrics: [{ Namespace: "Huntaze/ReadPath", Dimensions: [["service"]], Metrics: [{ Name: "ShadowReads" }] }] },
    service: "huntaze-prisma-read",
    ShadowReads: 1,
    ShadowMismatches: mismatches,
    ShadowErrors: errors,
    ShadowLatency: 12,
  });
/** What the dev server prints: its own lines, request logs, and the candidate's shadow lines and metrics. */
const DEV_SERVER_OUTPUT = [
  "Read API on http://127.0.0.1:3000 (flag: shadow 100 %)",
  JSON.stringify({ level: "INFO", message: "request served", route: "fans", statusCode: 200 }),
  mismatch("fans", "missing-field", "$.items[].displayName", "2026-12-02T09:00:01.000Z"),
  mismatch("fans", "extra-field", "$.items[].name", "2026-12-02T09:00:01.000Z"),
  emf(1, 0),
  mismatch("fans", "missing-field", "$.items[].displayName", "2026-12-02T09:05:00.000Z"),
  mismatch("fans", "missing-field", "$.items[].tier", "2026-12-02T09:06:00.000Z"),
  emf(1, 0),
  mismatch("creator", "status", "$", "2026-12-02T09:02:00.000Z"),
  emf(1, 0),
  JSON.stringify({ level: "ERROR", message: SHADOW_FAILURE_LOG_MESSAGE, route: "revenue", statusCode: 503 }),
  emf(0, 1),
  emf(0, 0),
  "{ a line cut short",
].join("\n");

describe("npm run shadow:report", () => {
  it("summarizes a file's shadow lines by route and kind, skipping lines that are not its own", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "shadow-report-")), "dev.log");
    writeFileSync(file, DEV_SERVER_OUTPUT);

    const result = await report(["--file", file]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout.split("\n")).toEqual([
      "Shadow reads: 5, 3 differing from the control's contract (60.0 %), 1 failed (20.0 %)",
      "",
      "Mismatches by route and kind:",
      "  route    kind           count  first seen                last seen                 example paths",
      "  creator  status         1      2026-12-02T09:02:00.000Z  2026-12-02T09:02:00.000Z  $",
      "  fans     missing-field  3      2026-12-02T09:00:01.000Z  2026-12-02T09:06:00.000Z  $.items[].displayName, $.items[].tier",
      "  fans     extra-field    1      2026-12-02T09:00:01.000Z  2026-12-02T09:00:01.000Z  $.items[].name",
      "",
      "Failed shadow reads by route:",
      "  route    count",
      "  revenue  1",
      "",
    ]);
  });

  it("reads standard input when no source is named, and prints JSON with --json", async () => {
    const result = await report(["--json"], { input: DEV_SERVER_OUTPUT });

    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.totals).toEqual({ reads: 5, mismatched: 3, failed: 1 });
    expect(summary.mismatches.map((group: { route: string; kind: string; count: number }) => [group.route, group.kind, group.count])).toEqual([
      ["creator", "status", 1],
      ["fans", "missing-field", 3],
      ["fans", "extra-field", 1],
    ]);
  });

  it("says so when a log has no shadow lines", async () => {
    const result = await report([], { input: "nothing here\n{}\n" });

    expect(result).toMatchObject({ code: 0, stdout: "Shadow reads: no shadow read metrics (EMF) in this log\n\nNo mismatches.\n" });
  });

  it.each([
    [["--since", "2h", "--file", "x.log"], "--since applies to --log-group only"],
    [["--log-group", "/aws/lambda/huntaze-prisma-read", "--since", "5y"], '--since must be a duration such as 30m, 6h or 2d, got "5y"'],
    [["--log-group", "/aws/lambda/x", "--since", "0m"], '--since must be a duration such as 30m, 6h or 2d, got "0m"'],
    [["--file", "a.log", "--log-group", "g"], "--file and --log-group cannot be given together"],
    [["--log-group", "no spaces allowed"], '--log-group must be a CloudWatch Logs group name such as /aws/lambda/huntaze-prisma-read, got "no spaces allowed"'],
    [["--lines", "5"], "Unknown option '--lines'"],
    [["dev.log"], 'unexpected argument "dev.log": name a source with --file or --log-group'],
  ])("refuses %j with exit code 2, naming the argument", async (args, message) => {
    const result = await report(args);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`shadow:report: ${message}`);
    expect(result.stderr).toContain("usage: npm run shadow:report");
  });

  it("exits 1 naming a file it cannot read", async () => {
    const result = await report(["--file", "/no/such/dev.log"]);

    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining("shadow:report: cannot read /no/such/dev.log: ENOENT") });
  });
});

describe("npm run shadow:report --log-group, against CloudWatch Logs' wire protocol", () => {
  const aws = new AwsWireServer();
  beforeAll(() => aws.start());
  afterAll(() => aws.stop());
  beforeEach(() => (aws.requests.length = 0));

  it("pages through FilterLogEvents since --since ago, asking for the shadow lines only", async () => {
    const lines = DEV_SERVER_OUTPUT.split("\n");
    const pages = [lines.slice(0, 6), lines.slice(6)];
    aws.onTarget("Logs_20140328.FilterLogEvents", ({ json }) => {
      const page = json.nextToken === undefined ? 0 : Number(json.nextToken);
      return {
        body: {
          events: pages[page].map((message, index) => ({ logStreamName: "2026/12/02/[7]abc", timestamp: 1_796_000_000_000 + index, message, eventId: `${page}-${index}` })),
          ...(page + 1 < pages.length ? { nextToken: String(page + 1) } : {}),
        },
      };
    });
    const before = Date.now();

    const result = await report(["--log-group", "/aws/lambda/huntaze-prisma-read", "--since", "2h"], { env: childProcessEnvironment(aws) });

    const after = Date.now();
    // The SDK may warn about the Node.js version on stderr; the report itself says nothing there.
    expect(result.stderr).not.toContain("shadow:report");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Shadow reads: 5, 3 differing from the control's contract (60.0 %), 1 failed (20.0 %)");
    expect(result.stdout).toMatch(/fans {5}missing-field {2}3 /);
    const calls = aws.calls("FilterLogEvents");
    expect(calls.map((call) => call.json.nextToken)).toEqual([undefined, "1"]);
    for (const call of calls) {
      expect(call.json).toMatchObject({ logGroupName: "/aws/lambda/huntaze-prisma-read", filterPattern: SHADOW_FILTER_PATTERN });
      expect(call.json.startTime).toBeGreaterThanOrEqual(before - 2 * 3_600_000);
      expect(call.json.startTime).toBeLessThanOrEqual(after - 2 * 3_600_000);
    }
  });

  it("exits 1 naming a log group CloudWatch does not know", async () => {
    aws.onTarget("Logs_20140328.FilterLogEvents", () => awsError(400, "ResourceNotFoundException", "The specified log group does not exist."));

    const result = await report(["--log-group", "/aws/lambda/huntaze-prisma-reed"], { env: childProcessEnvironment(aws) });

    expect(result).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("shadow:report: cannot read /aws/lambda/huntaze-prisma-reed: ResourceNotFoundException: The specified log group does not exist."),
    });
  });
});
