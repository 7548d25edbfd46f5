import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { CandidateOutcome } from "../functions/mock-read/candidate/invoke-candidate";

/**
 * The candidate invoked in-process, as the local server runs it, with the same rules as the Lambda
 * hand-off (functions/mock-read/candidate/invoke-candidate.ts): no answer within the budget is a
 * timeout, and a 5xx or a thrown error is a failure; the control falls back from each. Anything
 * else is the caller's answer. As with Lambda, a candidate that overruns keeps running on its own.
 */
export function inProcessCandidate(
  handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
  budgetMs: number,
): (event: APIGatewayProxyEvent) => Promise<CandidateOutcome> {
  return async (event) => {
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<CandidateOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, failure: "timeout", detail: `no answer within ${budgetMs} ms` }), budgetMs);
    });
    try {
      return await Promise.race([answerOf(handler, event), overrun]);
    } finally {
      clearTimeout(timer);
    }
  };
}

async function answerOf(
  handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
  event: APIGatewayProxyEvent,
): Promise<CandidateOutcome> {
  try {
    const response = await handler(event);
    if (response.statusCode >= 500) return { ok: false, failure: "server-error", detail: `status ${response.statusCode}` };
    return { ok: true, response };
  } catch (error) {
    return { ok: false, failure: "function-error", detail: error instanceof Error ? error.message : String(error) };
  }
}
