import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { SHADOW_DISPATCH_TIMEOUT_MS, type ShadowReadPayload } from "../../../contracts/shadow-read";

export interface ShadowDispatchOptions {
  /** The candidate's `live` alias: the only thing the control's role may invoke. */
  readonly functionArn: string;
  /** @default SHADOW_DISPATCH_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/** Lambda did not take the shadow read: the message names why. */
export class ShadowDispatchError extends Error {
  public readonly code = "SHADOW_DISPATCH_FAILED";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ShadowDispatchError";
  }
}

/**
 * Hands one shadow read to the candidate's live alias as an asynchronous (Event) invocation:
 * Lambda queues it and answers 202, and the candidate serves it in the dark, later, on its own
 * concurrency. Rejects with ShadowDispatchError when Lambda refuses it (a payload over the
 * asynchronous limit included) or does not accept it in time.
 */
export async function dispatchShadowRead(lambda: LambdaClient, payload: ShadowReadPayload, options: ShadowDispatchOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? SHADOW_DISPATCH_TIMEOUT_MS;
  let output;
  try {
    output = await lambda.send(new InvokeCommand({ FunctionName: options.functionArn, InvocationType: "Event", Payload: JSON.stringify(payload) }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as Error | undefined)?.name ?? "Error";
    const detail = name === "AbortError" || name === "TimeoutError" ? `not accepted within ${timeoutMs} ms` : `${name}: ${(error as Error).message}`;
    throw new ShadowDispatchError(`the shadow read's Event invocation of ${options.functionArn} failed: ${detail}`, { cause: error });
  }
  if (output.StatusCode !== 202) throw new ShadowDispatchError(`the shadow read's Event invocation of ${options.functionArn} answered ${output.StatusCode}, not 202`);
}
