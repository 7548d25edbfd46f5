// zod/mini, not zod: the same validation in a few KiB of bundle instead of 440 (the zip limits are
// 200 KB for mock-read and 1.2 MB for prisma-read).
import * as z from "zod/mini";

/** A whole number from the environment (which holds only strings), within bounds, with a default. */
export const wholeNumber = (min: number, max: number, fallback: number) =>
  z._default(
    z.coerce.number().check(z.int("must be a whole number"), z.gte(min, `must be between ${min} and ${max}`), z.lte(max, `must be between ${min} and ${max}`)),
    fallback,
  );
export const matching = (pattern: RegExp, message: string) => z.optional(z.string().check(z.regex(pattern, message)));
export const nonEmpty = () => z.optional(z.string().check(z.minLength(1, "must not be empty")));

/** A function's environment variables do not validate; the message names each variable and why. */
export class InvalidSettingsError extends Error {}

/**
 * A function's settings from its environment, read once per container: a wrong value fails the
 * cold start naming the variable, instead of failing every request later.
 */
export function parseSettings<Schema extends z.ZodMiniType>(
  functionName: string,
  schema: Schema,
  environment: Readonly<Record<string, string | undefined>>,
): z.infer<Schema> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new InvalidSettingsError(`${functionName} is misconfigured: ${problems.join("; ")}`);
  }
  return parsed.data;
}
