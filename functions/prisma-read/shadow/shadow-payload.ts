import type { APIGatewayProxyEvent } from "aws-lambda";
import { SHADOW_READ_KEY, type ShadowControlAnswer, type ShadowReadPayload } from "../../../contracts/shadow-read";

/** A shadow read the candidate can serve: the caller's event and the control's answer. */
export interface ShadowRead {
  readonly event: APIGatewayProxyEvent;
  readonly control: ShadowControlAnswer;
}

/** True for the control's Event payload (contracts/shadow-read.ts), whatever its content: an API Gateway event has no such key. */
export function isShadowReadPayload(event: unknown): event is ShadowReadPayload {
  return typeof event === "object" && event !== null && SHADOW_READ_KEY in event;
}

/** The shadow read a payload carries, or what is wrong with it (a control of another contract version). */
export function readShadowPayload(payload: ShadowReadPayload): { ok: true; read: ShadowRead } | { ok: false; problem: string } {
  const body: unknown = payload[SHADOW_READ_KEY];
  if (typeof body !== "object" || body === null) return { ok: false, problem: `${SHADOW_READ_KEY} is not an object` };
  const { version, event, control } = body as Record<string, unknown>;
  if (version !== 1) return { ok: false, problem: `${SHADOW_READ_KEY}.version is ${JSON.stringify(version)}; this candidate reads version 1` };
  if (typeof event !== "object" || event === null) return { ok: false, problem: `${SHADOW_READ_KEY}.event is not an object` };
  const answer = control as Partial<ShadowControlAnswer> | null | undefined;
  if (typeof answer?.statusCode !== "number" || typeof answer.body !== "string") {
    return { ok: false, problem: `${SHADOW_READ_KEY}.control needs a numeric statusCode and a string body` };
  }
  return { ok: true, read: { event: event as APIGatewayProxyEvent, control: { statusCode: answer.statusCode, body: answer.body } } };
}
