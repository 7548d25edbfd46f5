/**
 * `npm run shadow:report -- [--file <path> | --log-group <name> [--since 1h]] [--json]`: what the
 * candidate's shadow reads found, from its logs: mismatches with the control's contract by route and
 * kind (count, first and last seen, example paths), failed shadow reads by route, and the shadow
 * reads' totals from their metrics when the log has them. Reads Powertools' JSON lines from a file,
 * standard input (the dev server's output: other lines are skipped) or a CloudWatch Logs group.
 *
 * Exit codes: 0 reported (mismatches or not); 1 the source could not be read; 2 a bad argument.
 */
import { logEvents } from "./shadow-report/log-sources";
import { parseReportArguments, ReportArgumentError, USAGE } from "./shadow-report/report-arguments";
import { renderShadowSummary } from "./shadow-report/render-shadow-summary";
import { shadowRecord, type ShadowRecord } from "./shadow-report/shadow-log-records";
import { summarizeShadowRecords } from "./shadow-report/summarize-shadow-records";
import { exitAfterOutput } from "./exit-after-output";

async function main(): Promise<number> {
  let options;
  try {
    options = parseReportArguments(process.argv.slice(2), Date.now(), process.stdin.isTTY === true);
  } catch (error) {
    if (!(error instanceof ReportArgumentError)) throw error;
    console.error(`shadow:report: ${error.message}\n${USAGE}`);
    return 2;
  }
  const records: ShadowRecord[] = [];
  try {
    for await (const event of logEvents(options.source)) {
      const record = shadowRecord(event);
      if (record) records.push(record);
    }
  } catch (error) {
    const source = options.source.kind === "file" ? options.source.path : options.source.kind === "log-group" ? options.source.logGroupName : "standard input";
    // A file's error message names its code already (ENOENT: …); an AWS error's name is its type.
    const reason = (error as NodeJS.ErrnoException).code ? (error as Error).message : `${(error as Error).name}: ${(error as Error).message}`;
    console.error(`shadow:report: cannot read ${source}: ${reason}`);
    return 1;
  }
  const summary = summarizeShadowRecords(records);
  console.log(options.json ? JSON.stringify(summary, null, 2) : renderShadowSummary(summary));
  return 0;
}

void main().then(exitAfterOutput);
