/**
 * The prismaRead feature flag's document, between the AppConfig profile that hosts it
 * (constructs/read-path-flag.ts) and the control that reads it
 * (functions/mock-read/flag/prisma-read-flag.ts): its name in the profile and its modes. Its share
 * follows contracts/flag-share.ts. Plain data: the constructs and the control's bundle import it
 * without loading anything else.
 */

/** The flag's name in the AppConfig profile. */
export const PRISMA_READ_FLAG = "prismaRead";

/** `off`: the control serves every read; `percentage`: that share of creators go to the candidate; `all`: every one. */
export const PRISMA_READ_FLAG_MODES = ["off", "percentage", "all"] as const;
