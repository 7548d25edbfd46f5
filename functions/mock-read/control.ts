import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { SHADOW_READ_KEY, type ShadowReadPayload } from "../../contracts/shadow-read";
import { serveReadRequest } from "../read-api/serve-read-request";
import type { ReadSource } from "../read-api/read-source";
import type { AfterResponse } from "../shared/after-response";
import { claimedCreatorId } from "../shared/identity";
import type { CandidateFailure, CandidateOutcome } from "./candidate/invoke-candidate";
import type { CurrentFlag, FlagOrigin } from "./flag/flag-source";
import { chooseReadPath, type ReadPath } from "./routing/read-path";
import { isShadowed } from "./routing/shadow-sample";

/** Says which function served a read: the control's data, the candidate, or the control after the candidate failed. */
export const READ_PATH_HEADER = "x-read-path";
export type ServedBy = ReadPath | "prisma-fallback";

/** What happened to one request, for logs and metrics. */
export interface ControlOutcome {
  readonly route: string;
  readonly servedBy: ServedBy;
  readonly statusCode: number;
  readonly flagOrigin: FlagOrigin;
  readonly durationMs: number;
  /** Why the candidate's answer was not used, when it was not. */
  readonly candidateFailure?: { readonly reason: CandidateFailure; readonly detail: string };
  /** The failure behind a 5xx the control itself served, for the logs only. */
  readonly error?: unknown;
  /** True when the read was also handed to the candidate in the dark, after the response. */
  readonly shadowed?: boolean;
}

export interface ControlDependencies {
  readonly flags: { flag(): Promise<CurrentFlag> };
  /** Hands the event to the candidate (functions/mock-read/candidate/invoke-candidate.ts). */
  readonly candidate: (event: APIGatewayProxyEvent) => Promise<CandidateOutcome>;
  /** The control's own data (functions/mock-read/mock-data). */
  readonly source: ReadSource;
  readonly clock: () => Date;
  readonly observe?: (outcome: ControlOutcome) => void;
  /**
   * Hands a shadow read to the candidate in the dark (candidate/dispatch-shadow-read.ts in Lambda,
   * the candidate's handler in-process locally); rejects when it could not. Without it, or without
   * `afterResponse`, shadow mode shadows nothing.
   */
  readonly shadow?: (payload: ShadowReadPayload) => Promise<void>;
  /** Where work that must not delay the caller goes: it runs once the response has gone. */
  readonly afterResponse?: AfterResponse;
}

function servedBy(response: APIGatewayProxyResult, by: ServedBy): APIGatewayProxyResult {
  return { ...response, headers: { ...response.headers, [READ_PATH_HEADER]: by } };
}

/**
 * huntaze-mock-read's request handling. The flag decides, per caller, whether the read goes to the
 * candidate; a caller keeps the same path at a given percentage. The candidate's answer is passed on
 * as it is (4xx included); when it fails or runs out of time, the control serves the read from its
 * own data instead, so a candidate problem costs the caller latency, never an error. Reads that stay
 * with the control, and anonymous ones, are served by the same read API as the candidate's. In
 * shadow mode the control serves every read, and a sample of them is also queued for the
 * candidate, to be handed over after the response (`afterResponse`): the caller waits for none of it.
 */
export async function handleControlRequest(event: APIGatewayProxyEvent, dependencies: ControlDependencies): Promise<APIGatewayProxyResult> {
  const started = performance.now();
  const { flag, origin } = await dependencies.flags.flag();
  // Routing needs only who the caller says they are; the read API checks the rest (401, 403).
  const creatorId = claimedCreatorId(event);
  const path = chooseReadPath(flag, creatorId);
  let candidateFailure: ControlOutcome["candidateFailure"];
  if (path === "prisma") {
    const outcome = await dependencies.candidate(event);
    if (outcome.ok) {
      const response = servedBy(outcome.response, "prisma");
      dependencies.observe?.({ route: "candidate", servedBy: "prisma", statusCode: response.statusCode, flagOrigin: origin, durationMs: performance.now() - started });
      return response;
    }
    candidateFailure = { reason: outcome.failure, detail: outcome.detail };
  }
  const served = await serveReadRequest(event, { source: dependencies.source, now: dependencies.clock() });
  const by: ServedBy = candidateFailure ? "prisma-fallback" : "mock";
  const response = servedBy(served.response, by);
  // A 5xx of the control's own is no contract to hold the candidate to.
  const shadowed = isShadowed(flag, creatorId, event.requestContext?.requestId) && response.statusCode < 500 && shadowRead(event, served.route, response, dependencies);
  dependencies.observe?.({
    route: served.route,
    servedBy: by,
    statusCode: response.statusCode,
    flagOrigin: origin,
    durationMs: performance.now() - started,
    candidateFailure,
    error: served.failure,
    shadowed,
  });
  return response;
}

/**
 * Queues the read for the candidate, to be handed over once the caller has its answer: the
 * payload carries the event as received (claims included) and the answer as the caller got it.
 * False when nothing can hand it over.
 */
function shadowRead(event: APIGatewayProxyEvent, route: string, response: APIGatewayProxyResult, dependencies: ControlDependencies): boolean {
  const { shadow, afterResponse } = dependencies;
  if (!shadow || !afterResponse) return false;
  const payload: ShadowReadPayload = {
    [SHADOW_READ_KEY]: { version: 1, route, event: event as unknown as Record<string, unknown>, control: { statusCode: response.statusCode, body: response.body } },
  };
  afterResponse.add(() => shadow(payload));
  return true;
}
