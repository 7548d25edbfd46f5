import { parseArgs } from "node:util";

export const USAGE = "usage: npm run shadow:report -- [--file <path> | --log-group <name> [--since <duration>]] [--json]   (no source: log lines on standard input)";
/** How far back --log-group reads when --since is not given. */
export const DEFAULT_SINCE = "1h";
const UNITS_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Where the report reads log lines. */
export type ReportSource =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "stdin" }
  | { readonly kind: "log-group"; readonly logGroupName: string; readonly startTimeMs: number };

export interface ReportOptions {
  readonly source: ReportSource;
  /** Prints the summary as JSON instead of a table. */
  readonly json: boolean;
}

/** An argument the report cannot take; the message names it. */
export class ReportArgumentError extends Error {
  public readonly code = "SHADOW_REPORT_ARGUMENT";

  constructor(message: string) {
    super(message);
    this.name = "ReportArgumentError";
  }
}

/**
 * The report's options from its command line. `stdinIsTerminal`: with no source given, standard
 * input is read only when something is piped into it.
 */
export function parseReportArguments(args: readonly string[], nowMs: number, stdinIsTerminal: boolean): ReportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { file: { type: "string" }, "log-group": { type: "string" }, since: { type: "string" }, json: { type: "boolean" } },
    });
  } catch (error) {
    throw new ReportArgumentError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new ReportArgumentError(`unexpected argument "${positionals[0]}": name a source with --file or --log-group`);
  const json = values.json ?? false;
  if (values.file !== undefined && values["log-group"] !== undefined) throw new ReportArgumentError("--file and --log-group cannot be given together: the report reads one source");
  if (values.since !== undefined && values["log-group"] === undefined) throw new ReportArgumentError("--since applies to --log-group only");
  if (values["log-group"] !== undefined) {
    const logGroupName = values["log-group"];
    if (!/^[\w./#-]{1,512}$/.test(logGroupName)) throw new ReportArgumentError(`--log-group must be a CloudWatch Logs group name such as /aws/lambda/huntaze-prisma-read, got "${logGroupName}"`);
    return { source: { kind: "log-group", logGroupName, startTimeMs: nowMs - durationMs(values.since ?? DEFAULT_SINCE) }, json };
  }
  if (values.file !== undefined) {
    if (values.file === "") throw new ReportArgumentError("--file needs a path (or - for standard input)");
    return { source: values.file === "-" ? { kind: "stdin" } : { kind: "file", path: values.file }, json };
  }
  if (stdinIsTerminal) throw new ReportArgumentError("no log lines to read: give --file <path> or --log-group <name>, or pipe log lines into standard input");
  return { source: { kind: "stdin" }, json };
}

function durationMs(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text);
  const value = match ? Number(match[1]) * UNITS_MS[match[2]] : 0;
  if (!(value > 0)) throw new ReportArgumentError(`--since must be a duration such as 30m, 6h or 2d, got "${text}"`);
  return value;
}
