import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { handleReadRequest } from "../functions/prisma-read/api/read-api";
import type { ReadRuntime } from "../functions/prisma-read/runtime";

/**
 * The candidate as Lambda runs it under concurrency: several warm containers, each with a runtime
 * of its own (settings, login, a pool of up to two connections), each request handed to the one
 * with the fewest requests in flight. One container's pool shared by every caller of the local
 * server would queue them behind two connections, which no deployed caller ever meets.
 */
export class CandidateContainers {
  private readonly containers: Array<{ runtime: ReadRuntime; inFlight: number }>;

  constructor(count: number, createRuntime: () => ReadRuntime) {
    if (!Number.isInteger(count) || count < 1) throw new Error(`candidate containers: expected a whole number of at least 1, got ${count}`);
    this.containers = Array.from({ length: count }, () => ({ runtime: createRuntime(), inFlight: 0 }));
  }

  async handle(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const container = this.containers.reduce((least, next) => (next.inFlight < least.inFlight ? next : least));
    container.inFlight += 1;
    try {
      // Without the runtime's metrics: they are flushed per Lambda invocation, which a server never ends.
      return await handleReadRequest(event, { ...container.runtime.dependencies, observe: undefined });
    } finally {
      container.inFlight -= 1;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.containers.map(({ runtime }) => runtime.database.disconnect()));
  }
}
