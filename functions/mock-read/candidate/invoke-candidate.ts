import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

/** Why the candidate's answer was not used; the control then serves the read itself. */
export type CandidateFailure = "timeout" | "invoke-error" | "function-error" | "server-error" | "malformed-response";

export type CandidateOutcome =
  | { readonly ok: true; readonly response: APIGatewayProxyResult }
  | { readonly ok: false; readonly failure: CandidateFailure; readonly detail: string };

export interface CandidateOptions {
  /** The candidate's `live` alias: the only thing the control's role may invoke. */
  readonly functionArn: string;
  /** How long the candidate may take, well inside the API's 29 s and the control's own timeout. */
  readonly budgetMs: number;
}

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  const result = value as APIGatewayProxyResult | null;
  return typeof result?.statusCode === "number" && typeof result.body === "string";
}

/**
 * Hands the API Gateway event, authorizer claims included, to the candidate (RequestResponse) and
 * returns its answer when it is one the caller should get: a proxy result below 500. A timeout, an
 * invoke error, an unhandled function error or a 5xx is reported instead, for the control to serve
 * the read from its own data: a candidate problem costs the caller latency, never an error.
 */
export async function invokeCandidate(lambda: LambdaClient, event: APIGatewayProxyEvent, options: CandidateOptions): Promise<CandidateOutcome> {
  let output;
  try {
    output = await lambda.send(
      new InvokeCommand({ FunctionName: options.functionArn, InvocationType: "RequestResponse", Payload: JSON.stringify(event) }),
      { abortSignal: AbortSignal.timeout(options.budgetMs) },
    );
  } catch (error) {
    const name = (error as Error | undefined)?.name;
    return name === "AbortError" || name === "TimeoutError"
      ? { ok: false, failure: "timeout", detail: `no answer within ${options.budgetMs} ms` }
      : { ok: false, failure: "invoke-error", detail: `${name ?? "Error"}: ${(error as Error | undefined)?.message ?? String(error)}` };
  }
  const payload = output.Payload ? new TextDecoder().decode(output.Payload) : "";
  if (output.FunctionError) return { ok: false, failure: "function-error", detail: `${output.FunctionError}: ${payload.slice(0, 500)}` };
  let response: unknown;
  try {
    response = JSON.parse(payload);
  } catch {
    return { ok: false, failure: "malformed-response", detail: "the payload is not JSON" };
  }
  if (!isProxyResult(response)) return { ok: false, failure: "malformed-response", detail: "the payload is not a proxy result" };
  if (response.statusCode >= 500) return { ok: false, failure: "server-error", detail: `status ${response.statusCode}` };
  return { ok: true, response };
}
