import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import type { ShadowReadPayload, ShadowReadResult } from "../../../contracts/shadow-read";
import { inHandlerSubsegment } from "../../shared/handler-subsegment";
import { UNKNOWN_ROUTE } from "../../shared/unexpected-failure";
import { handleReadRequest, type ReadApiDependencies, type RequestOutcome } from "../api/read-api";
import { metrics, recordShadowOutcome, tracer } from "../observability";
import { serveShadowRead, type ServedShadowRead } from "./serve-shadow-read";

/**
 * The candidate's side of a shadow read (contracts/shadow-read.ts): served in the dark, compared
 * with the control's answer, counted in the shadow metrics alone. Resolves whatever happens.
 */
export async function handleShadowRead(payload: ShadowReadPayload, dependencies: ReadApiDependencies, context?: Context): Promise<ShadowReadResult> {
  try {
    return await inHandlerSubsegment(tracer, process.env._HANDLER ?? "index.handler", () =>
      serveShadowRead(payload, {
        serve: (event) => serveUnobserved(event, dependencies),
        record: recordShadowOutcome,
        timeLeftMs: context && (() => context.getRemainingTimeInMillis()),
      }),
    );
  } finally {
    try {
      metrics.publishStoredMetrics();
    } catch (error) {
      // A throw here would make Lambda retry the Event and then dead-letter it: the metrics are lost either way.
      console.error("shadow read metrics could not be published", error);
    }
  }
}

/** The read API's answer, its outcome kept for the shadow metrics instead of the callers' request metrics. */
async function serveUnobserved(event: APIGatewayProxyEvent, dependencies: ReadApiDependencies): Promise<ServedShadowRead> {
  let outcome: RequestOutcome | undefined;
  const response = await handleReadRequest(event, { ...dependencies, observe: (observed) => (outcome = observed) });
  return { response, route: outcome?.route ?? UNKNOWN_ROUTE, failure: outcome?.error };
}
