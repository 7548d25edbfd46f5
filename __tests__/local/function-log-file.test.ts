/**
 * The local run's copy of the functions' log lines, written through a Console as Powertools writes
 * them (its own Console over the process's streams).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Console } from "node:console";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { copyFunctionLogLines } from "../../local/function-log-file";

const folder = mkdtempSync(join(tmpdir(), "function-log-file-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("copies the JSON lines written to either stream, leaves the server's own lines out, and passes everything on", async () => {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  const passedOn: string[] = [];
  stdout.on("data", (chunk: Buffer) => passedOn.push(chunk.toString("utf8")));
  const path = join(folder, "functions.log");
  const stop = copyFunctionLogLines(path, [stdout, stderr]);
  const functionConsole = new Console({ stdout, stderr });

  functionConsole.log(JSON.stringify({ level: "INFO", message: "shadow read served", route: "fans" }));
  stdout.write("GET /creators/1/fans → 200 mock (shadowed)\n");
  functionConsole.warn(JSON.stringify({ level: "WARN", message: "shadow read differs from the control's contract", kind: "missing-field" }));
  await stop();
  functionConsole.log(JSON.stringify({ level: "INFO", message: "after the stop" }));

  expect(readFileSync(path, "utf8").trim().split("\n").map((line) => JSON.parse(line).message)).toEqual([
    "shadow read served",
    "shadow read differs from the control's contract",
  ]);
  expect(passedOn.join("")).toContain("GET /creators/1/fans → 200 mock (shadowed)\n");
  expect(passedOn.join("")).toContain('"after the stop"');
});
