// zod/mini: the control's bundle stays small (mock-read's zip target is 200 KB).
import * as z from "zod/mini";
import { FLAG_SHARE_RULE, isFlagShare } from "../../../contracts/flag-share";
import { PRISMA_READ_FLAG, PRISMA_READ_FLAG_MODES, type PrismaReadFlagMode } from "../../../contracts/prisma-read-flag";

/**
 * Which share of reads the control hands to the candidate: none (`off`); none to serve, but
 * `percentage` % of reads also handed over in the dark (`shadow`); `percentage` % of creators; or
 * every one (`all`). The percentage is read in `shadow` and `percentage` modes.
 */
export interface PrismaReadFlag {
  readonly mode: PrismaReadFlagMode;
  readonly percentage: number;
}

/** Compiled in: what the control does before it has read the flag, or when the flag is unusable. */
export const SAFE_DEFAULT_FLAG: PrismaReadFlag = { mode: "off", percentage: 0 };

/**
 * The flag as AppConfig returns a feature-flag profile's values: `{ "<flag>": { enabled, ...attributes } }`.
 * A disabled flag means `off`, whatever its attributes say.
 */
const flagValues = z.object({
  [PRISMA_READ_FLAG]: z.object({
    enabled: z.boolean(),
    mode: z.optional(z.enum(PRISMA_READ_FLAG_MODES)),
    // The rule config and AppConfig's validator apply too: a share one accepts, this one reads.
    percentage: z.optional(z.number().check(z.refine(isFlagShare, FLAG_SHARE_RULE))),
  }),
});

export class InvalidFlagError extends Error {}

/** Reads the flag from a configuration document; throws InvalidFlagError naming what is wrong. */
export function parsePrismaReadFlag(document: string): PrismaReadFlag {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    throw new InvalidFlagError("the configuration is not JSON");
  }
  const parsed = flagValues.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new InvalidFlagError(`the ${PRISMA_READ_FLAG} flag is unusable: ${problems.join("; ")}`);
  }
  const flag = parsed.data[PRISMA_READ_FLAG];
  if (!flag.enabled || flag.mode === undefined || flag.mode === "off") return SAFE_DEFAULT_FLAG;
  if (flag.mode === "all") return { mode: "all", percentage: 100 };
  // A share-taking mode without its share is refused rather than read as 0 %: the flag's author
  // meant some share, and guessing which could hand creators to the candidate unasked.
  if (flag.percentage === undefined) throw new InvalidFlagError(`the ${PRISMA_READ_FLAG} flag has mode ${flag.mode} but no percentage`);
  return { mode: flag.mode, percentage: flag.percentage };
}
