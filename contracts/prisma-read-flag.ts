/**
 * The prismaRead feature flag's document, between the AppConfig profile that hosts it
 * (constructs/read-path-flag.ts) and the control that reads it
 * (functions/mock-read/flag/prisma-read-flag.ts): its name in the profile and its modes. Its share
 * follows contracts/flag-share.ts. Plain data: the constructs and the control's bundle import it
 * without loading anything else.
 */

/** The flag's name in the AppConfig profile. */
export const PRISMA_READ_FLAG = "prismaRead";

/**
 * `off`: the control serves every read; `shadow`: it serves every read and hands `percentage` % of
 * them to the candidate in the dark (contracts/shadow-read.ts); `percentage`: that share of
 * creators go to the candidate; `all`: every one.
 */
export const PRISMA_READ_FLAG_MODES = ["off", "shadow", "percentage", "all"] as const;
export type PrismaReadFlagMode = (typeof PRISMA_READ_FLAG_MODES)[number];

/**
 * The migration's phases, in order, as an environment's config names them (`flag.prismaRead.mode`):
 * the flag's modes, then `direct`, where the API calls the candidate and the control, its flag and
 * its alarms are gone. `off` is the emergency stop of any phase before `direct`; `percentage` is
 * the canary phase.
 */
export const READ_PATH_PHASES = ["off", "shadow", "percentage", "all", "direct"] as const;
export type ReadPathPhase = (typeof READ_PATH_PHASES)[number];
