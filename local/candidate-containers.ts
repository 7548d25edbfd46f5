import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { ShadowReadPayload, ShadowReadResult } from "../contracts/shadow-read";
import { handleReadRequest } from "../functions/prisma-read/api/read-api";
import type { ReadRuntime } from "../functions/prisma-read/runtime";
import { handleShadowRead } from "../functions/prisma-read/shadow/handle-shadow-read";

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
    // Without the runtime's metrics: they are flushed per Lambda invocation, which a server never ends.
    return this.inLeastBusy((runtime) => handleReadRequest(event, { ...runtime.dependencies, observe: undefined }));
  }

  /**
   * A shadow read, as the candidate's handler serves the control's Event invocation: in the dark,
   * compared with the control's answer, its metrics and log lines written as in Lambda (stdout).
   */
  async shadow(payload: ShadowReadPayload): Promise<ShadowReadResult> {
    return this.inLeastBusy((runtime) => handleShadowRead(payload, runtime.dependencies));
  }

  private async inLeastBusy<Result>(serve: (runtime: ReadRuntime) => Promise<Result>): Promise<Result> {
    const container = this.containers.reduce((least, next) => (next.inFlight < least.inFlight ? next : least));
    container.inFlight += 1;
    try {
      return await serve(container.runtime);
    } finally {
      container.inFlight -= 1;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.containers.map(({ runtime }) => runtime.database.disconnect()));
  }
}
