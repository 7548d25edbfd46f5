import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { CandidateOutcome } from "../functions/mock-read/candidate/invoke-candidate";

/**
 * The candidate invoked in-process, as the local server runs it: the same rule as the Lambda
 * hand-off (functions/mock-read/candidate/invoke-candidate.ts): a 5xx or a thrown error is a
 * failure the control falls back from; anything else is the caller's answer.
 */
export function inProcessCandidate(
  handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
): (event: APIGatewayProxyEvent) => Promise<CandidateOutcome> {
  return async (event) => {
    try {
      const response = await handler(event);
      if (response.statusCode >= 500) return { ok: false, failure: "server-error", detail: `status ${response.statusCode}` };
      return { ok: true, response };
    } catch (error) {
      return { ok: false, failure: "function-error", detail: error instanceof Error ? error.message : String(error) };
    }
  };
}
