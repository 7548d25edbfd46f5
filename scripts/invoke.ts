/**
 * `npm run invoke -- <function> <event.json>`: runs one function with one event, as Lambda would on
 * a cold start: its deployable zip (built, or reused, exactly as synth builds it) unzipped into an
 * empty folder and run in a fresh Node process with this shell's environment (DATABASE_URL for
 * prisma-read, for example). Prints what the function wrote to stdout and stderr, in the order it
 * wrote it, on stderr; then its response on stdout, so that `> response.json` keeps the response alone.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleAllFunctions, FUNCTION_ENTRIES, type FunctionName } from "../bundling/functions";
import { describeColdFailure, runZippedHandlerCold } from "../bundling/run-zipped-handler";

const PROJECT_ROOT = join(__dirname, "..");
const USAGE = `usage: npm run invoke -- <${Object.keys(FUNCTION_ENTRIES).join(" | ")}> <event.json>`;
/**
 * Lines longer than this are cut: a function's log lines stay whole (a Powertools ERROR line with
 * its stack is a few kilobytes), while a minified bundle's source line, which Node prints above an
 * error that escapes, is tens of kilobytes and says nothing.
 */
const MAX_LINE_CHARACTERS = 8_000;

/** `text`, each line longer than MAX_LINE_CHARACTERS cut to its start and a note of what was left out. */
function shortenLongLines(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line.length > MAX_LINE_CHARACTERS ? `${line.slice(0, 200)}… [${(line.length - 200).toLocaleString("en-US")} characters of this line left out]` : line,
    )
    .join("\n");
}

async function main(): Promise<number> {
  const [name, eventPath] = process.argv.slice(2);
  if (!name || !eventPath || !(name in FUNCTION_ENTRIES)) {
    console.error(USAGE);
    return 2;
  }
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(resolve(eventPath), "utf8"));
  } catch (error) {
    console.error(`invoke: cannot read the event from ${eventPath}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const artifact = bundleAllFunctions(PROJECT_ROOT)[name as FunctionName];
  const run = await runZippedHandlerCold(artifact.zipPath, event);
  const printed = run.printed.map((chunk) => chunk.text).join("");
  if (printed.trim()) process.stderr.write(`${shortenLongLines(printed.trimEnd())}\n`);
  if (!run.ok) {
    console.error(`invoke: ${name} ${describeColdFailure(run)}`);
    return 1;
  }
  console.log(JSON.stringify(run.response, null, 2));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`invoke failed: ${shortenLongLines(error instanceof Error ? error.message : String(error))}`);
    process.exitCode = 1;
  },
);
