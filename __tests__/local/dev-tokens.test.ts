/**
 * The local stand-in for the Cognito authorizer: what it accepts and refuses, also once it
 * remembers a token it has accepted.
 */
import { CREATOR_ID_CLAIM } from "../../functions/shared/identity";
import { DevTokens } from "../../local/dev-tokens";

const CREATOR = "0192e505-9000-7fb8-8673-8b42c835484f";

function clockAt(iso: string) {
  let now = new Date(iso);
  return { clock: () => now, move: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

it("accepts its own token, as a Bearer header or bare, and gives its claims", async () => {
  const tokens = new DevTokens();
  const token = await tokens.issue(CREATOR);

  // After the first check the token is answered from memory (keyed by the token, not the header).
  for (const authorization of [`Bearer ${token}`, token, `Bearer ${token}`]) {
    expect(await tokens.verify(authorization)).toMatchObject({ sub: CREATOR, [CREATOR_ID_CLAIM]: CREATOR, iss: DevTokens.ISSUER, aud: DevTokens.AUDIENCE });
  }
});

it("refuses a missing token, a forged signature and another key's token, also after accepting the genuine one", async () => {
  const tokens = new DevTokens();
  const token = await tokens.issue(CREATOR);
  const foreign = await new DevTokens().issue(CREATOR);
  const forged = `${token.slice(0, -4)}${token.endsWith("AAAA") ? "BBBB" : "AAAA"}`;

  expect(await tokens.verify(`Bearer ${token}`)).toBeDefined();
  expect(await tokens.verify(undefined)).toBeUndefined();
  expect(await tokens.verify("Bearer ")).toBeUndefined();
  expect(await tokens.verify(`Bearer ${forged}`)).toBeUndefined();
  expect(await tokens.verify(`Bearer ${foreign}`)).toBeUndefined();
});

it("refuses a remembered token from the second it expires", async () => {
  const time = clockAt("2026-11-22T10:00:00.000Z");
  const tokens = new DevTokens(time.clock);
  const token = await tokens.issue(CREATOR, 60);

  expect(await tokens.verify(`Bearer ${token}`)).toBeDefined();
  time.move(59.9);
  expect(await tokens.verify(`Bearer ${token}`)).toBeDefined();
  time.move(0.1);
  expect(await tokens.verify(`Bearer ${token}`)).toBeUndefined();
  // Forgotten, and still refused when checked afresh.
  expect(await tokens.verify(`Bearer ${token}`)).toBeUndefined();
});

it("refuses a token already expired when first seen", async () => {
  const time = clockAt("2026-11-22T10:00:00.000Z");
  const tokens = new DevTokens(time.clock);
  const token = await tokens.issue(CREATOR, 60);
  time.move(3600);

  expect(await tokens.verify(`Bearer ${token}`)).toBeUndefined();
});
