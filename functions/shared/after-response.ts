/**
 * Work a handler hands over to run once its caller has the response: Lambda freezes the execution
 * environment as soon as the runtime and every registered extension have asked for their next
 * event, so a promise left running after the handler returns stops mid-flight and resumes, if ever,
 * in a later invocation. An internal extension in the same process holds the environment open the
 * documented way (AWS Compute Blog, "Running code after returning a response from an AWS Lambda
 * function"): the runtime posts the response, which Lambda passes to the caller at once, and the
 * extension runs the invocation's tasks before it asks for its next event.
 *
 * Nothing here imports an SDK: the control's bundle carries it (mock-read's zip target is 200 KB).
 */
import { request } from "node:http";

/** Work for after the response. A rejection is reported to `onFailure`, never to the caller. */
export type AfterResponseTask = () => Promise<void>;

/** What a handler's logic sees: somewhere to put work that must not delay its caller. */
export interface AfterResponse {
  add(task: AfterResponseTask): void;
}

/**
 * The internal extension's name (the Lambda-Extension-Name header). Lambda checks an external
 * extension's name against its executable's file name; an internal one, started by the runtime
 * process itself, has no file and names itself.
 */
export const AFTER_RESPONSE_EXTENSION_NAME = "huntaze-after-response";

/** An Extensions API event, as /extension/event/next returns it (the fields read here). */
export interface ExtensionEvent {
  readonly eventType: "INVOKE" | "SHUTDOWN" | string;
  readonly requestId?: string;
}

/** The Extensions API calls the extension makes; `extensionsApi(runtimeApi)` speaks HTTP to Lambda's. */
export interface ExtensionsApiTransport {
  /** POST /2020-01-01/extension/register; resolves to the Lambda-Extension-Identifier. */
  register(name: string, events: readonly string[]): Promise<string>;
  /** GET /2020-01-01/extension/event/next, blocking until Lambda has an event. */
  next(identifier: string): Promise<ExtensionEvent>;
}

/** Thrown when an Extensions API call is refused; names the call and Lambda's answer. */
export class ExtensionsApiError extends Error {
  public readonly code = "EXTENSIONS_API_ERROR";

  constructor(message: string) {
    super(message);
    this.name = "ExtensionsApiError";
  }
}

/**
 * How long init waits for Lambda to register the extension. Lambda answers at once; one that does
 * not would otherwise hold the control's init until Lambda's own init timeout, where the function
 * can serve its callers without the extension (shadow reads are then counted as failed).
 */
export const DEFAULT_REGISTER_TIMEOUT_MS = 2_000;

/**
 * Lambda's Extensions API at `runtimeApi` (host:port, from AWS_LAMBDA_RUNTIME_API). node:http
 * rather than fetch: `next` blocks for as long as the environment waits for an invocation, and
 * fetch's client gives up on a response whose headers take five minutes; Lambda's reference says
 * to set no timeout on that call.
 */
export function extensionsApi(runtimeApi: string, { registerTimeoutMs = DEFAULT_REGISTER_TIMEOUT_MS }: { readonly registerTimeoutMs?: number } = {}): ExtensionsApiTransport {
  const call = (method: string, path: string, headers: Record<string, string>, body?: string, timeoutMs?: number) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
      const outgoing = request(`http://${runtimeApi}/2020-01-01/extension/${path}`, { method, headers, timeout: timeoutMs }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") }));
        incoming.on("error", reject);
      });
      outgoing.on("error", reject);
      outgoing.on("timeout", () => outgoing.destroy(new ExtensionsApiError(`extension ${path} had no answer within ${timeoutMs} ms`)));
      outgoing.end(body);
    });
  return {
    async register(name, events) {
      const answer = await call("POST", "register", { "Lambda-Extension-Name": name, "content-type": "application/json" }, JSON.stringify({ events }), registerTimeoutMs);
      const identifier = answer.headers["lambda-extension-identifier"];
      if (answer.status !== 200 || typeof identifier !== "string" || identifier === "") {
        throw new ExtensionsApiError(`extension register answered ${answer.status} without an identifier: ${answer.body.slice(0, 200)}`);
      }
      return identifier;
    },
    async next(identifier) {
      const answer = await call("GET", "event/next", { "Lambda-Extension-Identifier": identifier });
      if (answer.status !== 200) throw new ExtensionsApiError(`extension event/next answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      return JSON.parse(answer.body) as ExtensionEvent;
    },
  };
}

/**
 * The tasks of each invocation, handed from the handler (which ends each invocation with
 * `endInvocation`, in a `finally`) to whatever runs them after the response. Each invocation is one
 * batch, empty ones included, so that the extension's INVOKE events and the handler's invocations
 * pair one to one whichever reaches this process first.
 */
export class AfterResponseQueue implements AfterResponse {
  private current: AfterResponseTask[] = [];
  private readonly ended: AfterResponseTask[][] = [];
  private waiting?: (batch: AfterResponseTask[]) => void;
  private refusal?: Error;

  constructor(private readonly onFailure: (error: unknown) => void) {}

  add(task: AfterResponseTask): void {
    // With nothing left to run tasks (the extension could not register, or Lambda ended its
    // loop), a task is reported as failed at once rather than kept for ever.
    if (this.refusal) this.onFailure(this.refusal);
    else this.current.push(task);
  }

  /** Seals this invocation's tasks: from now on they may run. */
  endInvocation(): void {
    const batch = this.current;
    this.current = [];
    if (this.refusal) return;
    if (this.waiting) {
      const deliver = this.waiting;
      this.waiting = undefined;
      deliver(batch);
    } else {
      this.ended.push(batch);
    }
  }

  /** The next ended invocation's tasks, once the handler has ended it. */
  nextBatch(): Promise<AfterResponseTask[]> {
    const ready = this.ended.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Runs a batch; every task runs, each failure is reported, a task that throws before its promise included. */
  async run(batch: readonly AfterResponseTask[]): Promise<void> {
    const outcomes = await Promise.allSettled(batch.map(async (task) => task()));
    for (const outcome of outcomes) if (outcome.status === "rejected") this.onFailure(outcome.reason);
  }

  /** From now on tasks fail as they are added, with `error`; tasks already ended are failed too. */
  refuse(error: Error): void {
    this.refusal = error;
    for (const batch of [...this.ended.splice(0), this.current.splice(0)]) batch.forEach(() => this.onFailure(error));
  }
}

/** A turn of the event loop: the runtime's post of the response, queued when the handler resolved, goes out first. */
const afterPendingCallbacks = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Registers the internal extension (events ["INVOKE"] only: Lambda refuses SHUTDOWN to an internal
 * extension) and runs its loop: ask for the next event, and for each INVOKE wait for the handler
 * to end that invocation, run its tasks, then ask again, which is what lets Lambda freeze the
 * environment. Registration must finish before the runtime asks for its first invocation: await
 * this during init (the handler's top-level await). Resolves once registered, to the loop's end;
 * rejects when registration fails.
 */
export async function startAfterResponseExtension(
  queue: AfterResponseQueue,
  transport: ExtensionsApiTransport,
  name: string = AFTER_RESPONSE_EXTENSION_NAME,
): Promise<{ readonly stopped: Promise<void> }> {
  const identifier = await transport.register(name, ["INVOKE"]);
  const loop = async () => {
    for (;;) {
      const event = await transport.next(identifier);
      // Not sent to an internal extension; a local stand-in may send it to end the loop.
      if (event.eventType === "SHUTDOWN") return;
      const batch = await queue.nextBatch();
      await afterPendingCallbacks();
      await queue.run(batch);
    }
  };
  const stopped = loop().catch((error: unknown) => {
    // Lambda's reference: on an Extensions API error the extension stops; from here on no task
    // can run after a response, so each one added is reported instead of kept.
    queue.refuse(error instanceof Error ? error : new Error(String(error)));
  });
  return { stopped };
}

/**
 * Outside Lambda (AWS_LAMBDA_RUNTIME_API unset: `npm run invoke`, tests), nothing freezes the
 * process: each invocation's tasks run on the event loop's next turn after the handler ends it.
 */
export function runBatchesInProcess(queue: AfterResponseQueue): void {
  const loop = async () => {
    for (;;) {
      const batch = await queue.nextBatch();
      await afterPendingCallbacks();
      void queue.run(batch);
    }
  };
  void loop();
}

/**
 * Starts what runs `queue`'s tasks in this process: the internal extension in Lambda
 * (AWS_LAMBDA_RUNTIME_API set), the in-process runner elsewhere. Resolves once the extension is
 * registered; never rejects: after a failed registration every task is reported to the queue's
 * `onFailure` as it is added, with the reason, and the function still serves its callers.
 */
export async function runAfterResponses(
  queue: AfterResponseQueue,
  environment: Readonly<Record<string, string | undefined>>,
  transport: ExtensionsApiTransport | undefined = environment.AWS_LAMBDA_RUNTIME_API ? extensionsApi(environment.AWS_LAMBDA_RUNTIME_API) : undefined,
): Promise<void> {
  if (!transport) {
    runBatchesInProcess(queue);
    return;
  }
  try {
    await startAfterResponseExtension(queue, transport);
  } catch (error) {
    queue.refuse(new ExtensionsApiError(`no after-response extension: ${error instanceof Error ? error.message : String(error)}`));
  }
}
