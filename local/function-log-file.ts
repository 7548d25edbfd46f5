import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";

/**
 * Copies the functions' log lines, as the local run prints them, to a file: `npm run shadow:report
 * -- --file <path>` reads it as it reads CloudWatch's. The functions run in the dev server's
 * process, and their Powertools Logger and Metrics write JSON lines to its stdout and stderr (WARN
 * and ERROR to stderr), mixed with the server's own lines; only lines that are JSON objects are
 * copied. Done by wrapping the streams' write, since Powertools gives its console no other
 * destination. Returns what stops the copy and closes the file.
 */
export function copyFunctionLogLines(path: string, streams: readonly Writable[] = [process.stdout, process.stderr]): () => Promise<void> {
  const file = createWriteStream(path, { flags: "a" });
  const originals = streams.map((stream) => {
    const original = stream.write;
    stream.write = function (this: Writable, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString("utf8") : "";
      for (const line of text.split("\n")) if (line.startsWith("{")) file.write(`${line}\n`);
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Writable["write"];
    return { stream, original };
  });
  return () => {
    for (const { stream, original } of originals) stream.write = original;
    return new Promise<void>((resolve) => file.end(() => resolve()));
  };
}
