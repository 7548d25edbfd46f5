import type { APIGatewayProxyEvent } from "aws-lambda";
import { UnauthorizedError } from "./api-errors";

/**
 * The Cognito user-pool attribute naming the creator a caller is. API Gateway's Cognito authorizer
 * has already verified the token; its claims arrive in `requestContext.authorizer.claims`.
 */
export const CREATOR_ID_CLAIM = "custom:creator_id";

/** The creator the authorizer's claims name, lower-cased; undefined when there is none. */
export function claimedCreatorId(event: APIGatewayProxyEvent): string | undefined {
  const claims = (event.requestContext?.authorizer as { claims?: Record<string, unknown> } | null | undefined)?.claims;
  const creatorId = claims?.[CREATOR_ID_CLAIM];
  return typeof creatorId === "string" && creatorId.length > 0 ? creatorId.toLowerCase() : undefined;
}

/** The creator the caller is; 401 when the event carries no such identity. */
export function callerCreatorId(event: APIGatewayProxyEvent): string {
  const creatorId = claimedCreatorId(event);
  if (creatorId === undefined) throw new UnauthorizedError();
  return creatorId;
}
