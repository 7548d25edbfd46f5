import * as z from "zod/mini";
import { nonEmpty, parseSettings, wholeNumber } from "../shared/settings";

/**
 * The control's settings, from its environment (set by the stack). Read once per container; a
 * wrong value fails the cold start naming the variable. Without the FLAG_* variables (a local run)
 * there is no flag: every read stays with the control.
 */
export type ControlSettings = z.infer<typeof settingsSchema>;

/** The candidate's default budget: far above its p95, far below the API's 29 s. */
export const DEFAULT_CANDIDATE_BUDGET_MS = 5000;

const FLAG_VARIABLES = ["FLAG_APPLICATION_ID", "FLAG_ENVIRONMENT_ID", "FLAG_PROFILE_ID"] as const;

const settingsSchema = z
  .object({
    FLAG_APPLICATION_ID: nonEmpty(),
    FLAG_ENVIRONMENT_ID: nonEmpty(),
    FLAG_PROFILE_ID: nonEmpty(),
    /** AppConfig's minimum is 15 s; it may ask for longer, and is obeyed. */
    FLAG_POLL_INTERVAL_SECONDS: wholeNumber(15, 3600, 45),
    FLAG_RETRY_SECONDS: wholeNumber(1, 3600, 30),
    FLAG_CALL_TIMEOUT_MS: wholeNumber(50, 5000, 1000),
    /** The candidate's `live` alias ARN. */
    CANDIDATE_FUNCTION_ARN: z.optional(z.string().check(z.regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+:[^:]+$/, "must be a Lambda alias ARN"))),
    /** Below the API's 29 s and the control's own timeout, so the fallback can still be served. */
    CANDIDATE_BUDGET_MS: wholeNumber(100, 28_000, DEFAULT_CANDIDATE_BUDGET_MS),
  })
  .check(
    z.superRefine((settings, context) => {
      const given = FLAG_VARIABLES.filter((name) => settings[name] !== undefined);
      if (given.length > 0 && given.length < FLAG_VARIABLES.length) {
        for (const name of FLAG_VARIABLES.filter((variable) => settings[variable] === undefined)) {
          context.addIssue({ code: "custom", path: [name], message: `is required with ${given.join(", ")}` });
        }
      }
      if (given.length > 0 && !settings.CANDIDATE_FUNCTION_ARN) {
        context.addIssue({ code: "custom", path: ["CANDIDATE_FUNCTION_ARN"], message: "is required when the flag is configured" });
      }
    }),
  );

export function readControlSettings(environment: Readonly<Record<string, string | undefined>>): ControlSettings {
  return parseSettings("mock-read", settingsSchema, environment);
}
