import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { CREATOR_ID_CLAIM } from "../functions/shared/identity";

/**
 * The local stand-in for the Cognito user pool: ID tokens for seeded creators, signed with a
 * development key made at start-up (HS256; it never leaves the process), and checked as API
 * Gateway's Cognito authorizer would check a real one: signature, issuer, audience and expiry.
 */
export class DevTokens {
  private readonly key = randomBytes(32);
  static readonly ISSUER = "huntaze-local-dev";
  static readonly AUDIENCE = "huntaze-read-api";

  async issue(creatorId: string, lifetimeSeconds = 8 * 3600): Promise<string> {
    return new SignJWT({ [CREATOR_ID_CLAIM]: creatorId, token_use: "id" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(creatorId)
      .setIssuer(DevTokens.ISSUER)
      .setAudience(DevTokens.AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.key);
  }

  /** The token's claims, or undefined for a missing, forged, expired or foreign token. */
  async verify(authorization: string | undefined): Promise<Record<string, unknown> | undefined> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1] ?? authorization;
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: DevTokens.ISSUER, audience: DevTokens.AUDIENCE, algorithms: ["HS256"] });
      return payload;
    } catch {
      return undefined;
    }
  }
}
