import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { HANDLER_FILE } from "./bundle-function";

/** What one cold invocation of a zipped handler returned, and how long each part took. */
export interface ColdInvocation {
  readonly response: unknown;
  /** Loading the module: what Lambda's init phase pays for the bundle. */
  readonly importMs: number;
  /** The first call of the handler, on a cold module. */
  readonly firstRequestMs: number;
  /**
   * From starting the process to the first response arriving: what the caller of a cold container
   * waits for. A Lambda container never exits between requests, so this is what a creator meets.
   */
  readonly firstResponseMs: number;
  /**
   * CPU time (user and system, every thread) the process used up to its first response. A Lambda
   * function gets a share of a core by its memory size, so this is what its cold start costs there;
   * on a busy machine it also moves far less than wall time.
   */
  readonly firstResponseCpuMs: number;
  /**
   * The whole fresh process, start to exit. Beyond the first response it holds the exit, which
   * waits for V8's background compile jobs (WebAssembly tier-up; long on Node 20): work a container
   * does after answering, or never.
   */
  readonly processMs: number;
  /** What the handler printed on standard output (its logs up to INFO, and metrics). */
  readonly logs: string;
  /** What it wrote to standard error: Powertools writes its WARN and ERROR lines there. */
  readonly stderr: string;
}

const REPORT_MARKER = "cold-invocation-report:";
const FAILURE_MARKER = "cold-invocation-failure:";

// Runs inside the fresh process: import the bundle, serve one event, report timings on stdout.
// An error at import (Lambda's init) or in the handler is caught and reported as one line, by
// phase, name and message: left to Node, it would print the bundle's minified source line (tens of
// kilobytes) above the message.
const COLD_START_SCRIPT = `
  let phase = "init";
  try {
    const started = performance.now();
    const { handler } = await import(process.argv[1]);
    const imported = performance.now();
    phase = "handler";
    const response = await handler(JSON.parse(process.argv[2]));
    const served = performance.now();
    const cpu = process.cpuUsage();
    // Exit once reported: a handler may keep a connection pool open, as it would in a warm container.
    // The report is the last line, after whatever the handler logged.
    const report = JSON.stringify({ response, importMs: imported - started, firstRequestMs: served - imported, firstResponseCpuMs: (cpu.user + cpu.system) / 1000 });
    process.stdout.write("\\n" + ${JSON.stringify(REPORT_MARKER)} + report + "\\n", () => process.exit(0));
  } catch (error) {
    const failure = { phase, name: error?.name ?? "Error", message: error instanceof Error ? error.message : String(error) };
    process.stdout.write("\\n" + ${JSON.stringify(FAILURE_MARKER)} + JSON.stringify(failure) + "\\n", () => process.exit(1));
  }
`;

export interface ColdInvocationOptions {
  /** A node_modules the handler may import from, as the runtime's own copy of the AWS SDK. */
  readonly runtimeNodeModules?: string;
  /** The function's environment variables, added to this process's. */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Options for Node (or V8) before the script, as an `AWS_LAMBDA_EXEC_WRAPPER` script would add
   * them to the runtime's command line.
   * @default - none
   */
  readonly nodeArguments?: readonly string[];
  /**
   * The Node executable: another version than this one, such as the runtime's (nodejs22.x).
   * @default - the Node running this
   */
  readonly nodeExecutable?: string;
}

/** Where a cold invocation failed: loading the module (Lambda's init) or the handler's call. */
export interface ColdInvocationFailure {
  readonly phase: "init" | "handler";
  readonly name: string;
  readonly message: string;
}

/** One chunk of what the function printed, in the order it arrived. */
export interface PrintedChunk {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** How one cold run ended: a response or a failure, and everything the function printed. */
export type ColdRun =
  | (Omit<ColdInvocation, "logs" | "stderr"> & { readonly ok: true; readonly printed: readonly PrintedChunk[] })
  | {
      readonly ok: false;
      /** What failed, when the process reported it; absent when it died without a word (a crash, a kill). */
      readonly failure?: ColdInvocationFailure;
      readonly exitCode: number | null;
      readonly signal: NodeJS.Signals | null;
      readonly printed: readonly PrintedChunk[];
    };

/** A cold invocation that returned no response; the message names the phase and the error, in one line. */
export class ColdInvocationError extends Error {
  public readonly code = "COLD_INVOCATION_FAILED";

  constructor(
    zipPath: string,
    public readonly run: Extract<ColdRun, { ok: false }>,
  ) {
    super(`the handler in ${zipPath} ${describeColdFailure(run)}`);
    this.name = "ColdInvocationError";
  }
}

/** `failed at init: Error: …`, or how the process ended when it reported nothing. */
export function describeColdFailure(run: Extract<ColdRun, { ok: false }>): string {
  if (run.failure) return `failed at ${run.failure.phase}: ${run.failure.name}: ${run.failure.message}`;
  return run.signal ? `was killed by ${run.signal} before answering` : `exited with code ${run.exitCode} before answering`;
}

/** Unzips a function's zip into a new temporary folder, as Lambda lays it out in /var/task. */
export function unzipToFolder(zipPath: string): string {
  const folder = mkdtempSync(join(tmpdir(), "lambda-"));
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) {
    // Files in folders (the migrator's prisma/migrations/…) are stored by path, without folder entries.
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), bytes);
  }
  return folder;
}

const textOf = (printed: readonly PrintedChunk[], stream: PrintedChunk["stream"]) =>
  printed
    .filter((chunk) => chunk.stream === stream)
    .map((chunk) => chunk.text)
    .join("");

/**
 * What the function printed: the chunks as they arrived, standard output cut where this module's
 * script writes its report (always its last line).
 */
function functionOutput(printed: readonly PrintedChunk[]): PrintedChunk[] {
  const stdout = textOf(printed, "stdout");
  const reportAt = Math.max(stdout.lastIndexOf(`\n${REPORT_MARKER}`), stdout.lastIndexOf(`\n${FAILURE_MARKER}`));
  let remaining = reportAt < 0 ? stdout.length : reportAt;
  const output: PrintedChunk[] = [];
  for (const chunk of printed) {
    if (chunk.stream === "stderr") {
      output.push(chunk);
    } else if (remaining > 0) {
      output.push({ stream: "stdout", text: chunk.text.slice(0, remaining) });
      remaining -= chunk.text.length;
    }
  }
  return output;
}

/**
 * Unzips a function's zip into a fresh folder and invokes its handler once in a fresh Node process,
 * as the Lambda runtime would on a cold start: ESM, with nothing but what is in the zip. Never
 * rejects for the function's own failure: the result says how it ended and what it printed, both
 * streams in the order they arrived.
 */
export async function runZippedHandlerCold(zipPath: string, event: unknown, options: ColdInvocationOptions = {}): Promise<ColdRun> {
  const folder = unzipToFolder(zipPath);
  try {
    if (options.runtimeNodeModules) symlinkSync(options.runtimeNodeModules, join(folder, "node_modules"), "dir");
    const nodeCommand = [
      options.nodeExecutable ?? process.execPath,
      ...(options.nodeArguments ?? []),
      "--input-type=module",
      "-e",
      COLD_START_SCRIPT,
      join(folder, HANDLER_FILE),
      JSON.stringify(event),
    ];
    const [executable, ...args] = nodeCommand;
    const started = performance.now();
    // Asynchronous, so that a local server in this process (a stand-in AWS service) can answer it.
    const child = spawn(executable, args, { cwd: folder, env: { ...process.env, ...options.environment } });
    const printed: PrintedChunk[] = [];
    let firstResponseMs: number | undefined;
    let stdoutTail = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      printed.push({ stream: "stdout", text });
      // The marker may arrive split across two chunks.
      stdoutTail = (stdoutTail + text).slice(-(text.length + REPORT_MARKER.length));
      if (firstResponseMs === undefined && stdoutTail.includes(REPORT_MARKER)) firstResponseMs = performance.now() - started;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => printed.push({ stream: "stderr", text }));
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, closedBy) => resolve([code, closedBy]));
    });
    const processMs = performance.now() - started;
    const stdout = textOf(printed, "stdout");
    const line = (marker: string) => stdout.split("\n").find((candidate) => candidate.startsWith(marker))?.slice(marker.length);
    const report = line(REPORT_MARKER);
    if (report !== undefined && exitCode === 0) {
      const parsed = JSON.parse(report) as Pick<ColdInvocation, "response" | "importMs" | "firstRequestMs" | "firstResponseCpuMs">;
      return { ok: true, ...parsed, firstResponseMs: firstResponseMs ?? processMs, processMs, printed: functionOutput(printed) };
    }
    const failure = line(FAILURE_MARKER);
    return {
      ok: false,
      failure: failure === undefined ? undefined : (JSON.parse(failure) as ColdInvocationFailure),
      exitCode,
      signal,
      printed: functionOutput(printed),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * One cold invocation, as runZippedHandlerCold, for callers that need a response: rejects with a
 * ColdInvocationError naming the phase and the error when there is none.
 */
export async function invokeZippedHandlerCold(
  zipPath: string,
  event: unknown,
  options: ColdInvocationOptions = {},
): Promise<ColdInvocation> {
  const run = await runZippedHandlerCold(zipPath, event, options);
  if (!run.ok) throw new ColdInvocationError(zipPath, run);
  const { ok: _ok, printed, ...timings } = run;
  return { ...timings, logs: textOf(printed, "stdout").trim(), stderr: textOf(printed, "stderr") };
}

/** A zipped handler running in a process of its own that stays up after its first answer, as a warm container does. */
export interface WarmContainer {
  readonly child: ChildProcess;
  /** What the handler returned for the event. */
  readonly response: Promise<unknown>;
  /** Kills the process (if still running) and removes its folder. */
  stop(): void;
}

// Runs inside the process: serve one event, print the response, then stay up (a pool keeps its idle
// connection, and anything the handler sends after returning, such as X-Ray segments, still goes).
const WARM_CONTAINER_SCRIPT = `
  const { handler } = await import(process.argv[1]);
  const response = await handler(JSON.parse(process.argv[2]));
  process.stdout.write("\\n" + ${JSON.stringify(REPORT_MARKER)} + JSON.stringify(response) + "\\n");
  setInterval(() => {}, 60_000);
`;

/** Unzips a function's zip and serves one event in a process that stays up until stopped. */
export function startWarmZippedHandler(zipPath: string, event: unknown, environment: Readonly<Record<string, string | undefined>>): WarmContainer {
  const folder = unzipToFolder(zipPath);
  const child = spawn(process.execPath, ["--input-type=module", "-e", WARM_CONTAINER_SCRIPT, join(folder, HANDLER_FILE), JSON.stringify(event)], {
    cwd: folder,
    env: environment,
  });
  const response = new Promise<unknown>((resolve, reject) => {
    // The answer is the marked line; the lines before it are what the handler logged.
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith(REPORT_MARKER)) resolve(JSON.parse(line.slice(REPORT_MARKER.length)));
    });
    child.once("exit", (code) => reject(new Error(`the container exited (${code}) before answering`)));
  });
  return {
    child,
    response,
    stop() {
      child.kill("SIGKILL");
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** One invocation a warm container served: what it printed, and whether Lambda would count it as failed. */
export interface ServedInvocation {
  /** What the handler printed on standard output during this invocation (its INFO logs and EMF metrics). */
  readonly stdout: string;
  /** The handler, or its init, threw: Lambda counts an error and the caller gets no response of ours. */
  readonly failed: boolean;
  readonly durationMs: number;
  /** The response's status code, when it answered. */
  readonly statusCode?: number;
}

const INVOCATION_MARKER = "served-invocation-report:";

// Runs inside the process: import the bundle once (as init does; a failed init fails every
// invocation, as Lambda retries init on each), serve the events one after the other, and mark
// the end of each invocation's output. Standard output is synchronous for pipes on Linux, so each
// invocation's lines come before its marker.
const SERVE_EVENTS_SCRIPT = `
  import { readFileSync } from "node:fs";
  let handler;
  let initError;
  try {
    ({ handler } = await import(process.argv[1]));
  } catch (error) {
    initError = error;
  }
  for (const event of JSON.parse(readFileSync(process.argv[2], "utf8"))) {
    const started = performance.now();
    let failed = false;
    let statusCode;
    try {
      if (initError) throw initError;
      statusCode = (await handler(event))?.statusCode;
    } catch {
      failed = true;
    }
    const report = { failed, durationMs: performance.now() - started, statusCode };
    process.stdout.write("\\n" + ${JSON.stringify(INVOCATION_MARKER)} + JSON.stringify(report) + "\\n");
  }
  process.stdout.write("", () => process.exit(0));
`;

/**
 * Unzips a function's zip and serves `events` one after the other in one fresh Node process, as
 * one warm container would: what each invocation printed, how long it took, and whether it failed.
 */
export async function serveEventsFromZip(
  zipPath: string,
  events: readonly unknown[],
  environment: Readonly<Record<string, string>>,
): Promise<ServedInvocation[]> {
  const folder = unzipToFolder(zipPath);
  try {
    const eventsFile = join(folder, "events.json");
    writeFileSync(eventsFile, JSON.stringify(events));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SERVE_EVENTS_SCRIPT, join(folder, HANDLER_FILE), eventsFile],
      { cwd: folder, encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...environment }, maxBuffer: 64 * 1024 * 1024 },
    );
    const served: ServedInvocation[] = [];
    let lines: string[] = [];
    for (const line of stdout.split("\n")) {
      if (line.startsWith(INVOCATION_MARKER)) {
        served.push({ stdout: lines.join("\n").trim(), ...(JSON.parse(line.slice(INVOCATION_MARKER.length)) as Omit<ServedInvocation, "stdout">) });
        lines = [];
      } else {
        lines.push(line);
      }
    }
    if (served.length !== events.length) throw new Error(`${zipPath} served ${served.length} of ${events.length} events; it printed:\n${stdout.slice(-2000)}`);
    return served;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
