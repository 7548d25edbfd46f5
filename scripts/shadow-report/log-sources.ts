import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { SHADOW_METRICS } from "../../contracts/shadow-read";
import type { ReportSource } from "./report-arguments";
import type { LogEvent } from "./shadow-log-records";

/**
 * What CloudWatch Logs sends of a function's log group: shadow read lines (their messages start so)
 * and the shadow reads' EMF documents; the rest of the log stays in AWS.
 */
export const SHADOW_FILTER_PATTERN = `{ ($.message = "shadow read*") || ($.${SHADOW_METRICS.shadowReads} = 1) }`;

/** The source's log events, in order. */
export function logEvents(source: ReportSource, input: Readable = process.stdin): AsyncIterable<LogEvent> {
  if (source.kind === "log-group") return logGroupEvents(new CloudWatchLogsClient({}), source.logGroupName, source.startTimeMs);
  return lines(source.kind === "file" ? createReadStream(source.path) : input);
}

async function* lines(input: Readable): AsyncIterable<LogEvent> {
  for await (const line of createInterface({ input, crlfDelay: Infinity })) yield { message: line };
}

/** Every matching event since `startTimeMs`, page by page (FilterLogEvents follows nextToken across the group's streams). */
export async function* logGroupEvents(client: CloudWatchLogsClient, logGroupName: string, startTimeMs: number): AsyncIterable<LogEvent> {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new FilterLogEventsCommand({ logGroupName, startTime: startTimeMs, filterPattern: SHADOW_FILTER_PATTERN, nextToken }));
    for (const event of page.events ?? []) {
      if (event.message !== undefined) yield { message: event.message, timestampMs: event.timestamp };
    }
    nextToken = page.nextToken;
  } while (nextToken);
}
