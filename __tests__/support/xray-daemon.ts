import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";

/** A segment or subsegment document as the X-Ray SDK sends it to the daemon. */
export interface SegmentDocument {
  readonly name: string;
  readonly id: string;
  readonly trace_id: string;
  readonly parent_id?: string;
  readonly annotations?: Record<string, unknown>;
  readonly subsegments?: SegmentDocument[];
  readonly [key: string]: unknown;
}

/**
 * A UDP socket standing in for the X-Ray daemon, in the SDK's own wire format (a JSON header
 * line, then one segment document per datagram): it keeps every datagram's header and document.
 */
export interface XrayDaemon {
  readonly socket: Socket;
  readonly port: number;
  readonly headers: unknown[];
  readonly documents: SegmentDocument[];
}

export async function startXrayDaemon(): Promise<XrayDaemon> {
  const headers: unknown[] = [];
  const documents: SegmentDocument[] = [];
  const socket = createSocket("udp4");
  socket.on("message", (datagram) => {
    const [header, body] = datagram.toString("utf8").split("\n");
    headers.push(JSON.parse(header));
    documents.push(JSON.parse(body) as SegmentDocument);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { socket, port: (socket.address() as AddressInfo).port, headers, documents };
}

/** Waits until the daemon has a document that passes `test`, or gives up after a few seconds. */
export async function documentWhere(documents: SegmentDocument[], test: (document: SegmentDocument) => boolean): Promise<SegmentDocument | undefined> {
  for (let waited = 0; waited < 5000; waited += 50) {
    const found = documents.find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

/** What the Lambda service sets for a traced invocation (Active tracing, a sampled request). */
export function tracedLambdaEnvironment(functionName: string, traceHeader: string, daemonPort: number): Record<string, string> {
  return {
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    LAMBDA_TASK_ROOT: "/var/task",
    _HANDLER: "index.handler",
    _X_AMZN_TRACE_ID: traceHeader,
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemonPort}`,
  };
}

/** This process's environment without what would tell the SDK it runs in Lambda, or in manual mode. */
export function withoutLambdaVariables(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AWS_EXECUTION_ENV, LAMBDA_TASK_ROOT, AWS_XRAY_MANUAL_MODE, ...rest } = environment;
  return rest;
}
