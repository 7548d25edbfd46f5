import type { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * Runs one invocation inside a subsegment of its own, `## <handler>`, as Powertools'
 * captureLambdaHandler does. The segment Lambda opens for an invocation is a facade that the X-Ray
 * SDK refuses to annotate: without this subsegment every annotation (route, status) would be
 * dropped, with a warning on each request.
 *
 * The response is not added as metadata (Powertools' default): it holds fans' names and amounts,
 * which have no place in traces. A thrown error is, as Powertools records it.
 */
export async function inHandlerSubsegment<T>(tracer: Tracer, handlerName: string, invocation: () => Promise<T>): Promise<T> {
  const lambdaSegment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!lambdaSegment) return invocation();
  const subsegment = lambdaSegment.addNewSubsegment(`## ${handlerName}`);
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await invocation();
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(lambdaSegment);
  }
}
