import { createSecretKey, randomBytes } from "node:crypto";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import { CREATOR_ID_CLAIM } from "../functions/shared/identity";

/** How many accepted tokens the check remembers: far more than the seeded creators' tokens. */
const REMEMBERED_TOKENS = 1_000;

/**
 * The local stand-in for the Cognito user pool: ID tokens for seeded creators, signed with a
 * development key made at start-up (HS256; it never leaves the process), and checked as API
 * Gateway's Cognito authorizer would check a real one: signature, issuer, audience and expiry.
 *
 * A token that passed is remembered, by its exact text, until it expires. In AWS the check runs in
 * API Gateway, not in either function; here it shares their one thread, where checking the same few
 * tokens on every request is a visible share of its time under bench:load (docs/decisions.md). Only
 * an identical string can hit (same signature, same claims), and expiry is checked again on every hit.
 */
export class DevTokens {
  private readonly key = createSecretKey(randomBytes(32));
  private readonly accepted = new Map<string, JWTPayload & { exp: number }>();
  static readonly ISSUER = "huntaze-local-dev";
  static readonly AUDIENCE = "huntaze-read-api";

  /** @param clock the time tokens are issued and checked at; tests move it. */
  constructor(private readonly clock: () => Date = () => new Date()) {}

  async issue(creatorId: string, lifetimeSeconds = 8 * 3600): Promise<string> {
    const issuedAt = Math.floor(this.clock().getTime() / 1000);
    return new SignJWT({ [CREATOR_ID_CLAIM]: creatorId, token_use: "id" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(creatorId)
      .setIssuer(DevTokens.ISSUER)
      .setAudience(DevTokens.AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds)
      .sign(this.key);
  }

  /** The token's claims, or undefined for a missing, forged, expired or foreign token. */
  async verify(authorization: string | undefined): Promise<Record<string, unknown> | undefined> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1] ?? authorization;
    if (!token) return undefined;
    const now = this.clock();
    const remembered = this.accepted.get(token);
    if (remembered) {
      // jose's rule: a token is expired from the second its `exp` names.
      if (remembered.exp > Math.floor(now.getTime() / 1000)) return remembered;
      this.accepted.delete(token);
      return undefined;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: DevTokens.ISSUER,
        audience: DevTokens.AUDIENCE,
        algorithms: ["HS256"],
        requiredClaims: ["exp"],
        currentDate: now,
      });
      // Frozen: the same claims object is handed to every request that carries this token.
      const claims = Object.freeze(payload) as JWTPayload & { exp: number };
      if (this.accepted.size >= REMEMBERED_TOKENS) this.accepted.clear();
      this.accepted.set(token, claims);
      return claims;
    } catch {
      return undefined;
    }
  }
}
