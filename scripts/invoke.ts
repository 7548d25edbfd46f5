/**
 * `npm run invoke -- <function> <event.json>`: runs one function with one event, as Lambda would on
 * a cold start: its deployable zip (built, or reused, exactly as synth builds it) unzipped into an
 * empty folder and run in a fresh Node process with this shell's environment (DATABASE_URL for
 * prisma-read, for example). Prints what the function logged, then its response.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { bundleAllFunctions, FUNCTION_ENTRIES, type FunctionName } from "../bundling/functions";
import { invokeZippedHandlerCold } from "../bundling/run-zipped-handler";

const PROJECT_ROOT = join(__dirname, "..");
const USAGE = `usage: npm run invoke -- <${Object.keys(FUNCTION_ENTRIES).join(" | ")}> <event.json>`;

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
  const invocation = await invokeZippedHandlerCold(artifact.zipPath, event);
  if (invocation.logs) console.error(invocation.logs);
  console.log(JSON.stringify(invocation.response, null, 2));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`invoke failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
