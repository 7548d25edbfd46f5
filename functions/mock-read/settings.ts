import * as z from "zod/mini";
import { CONTROL_VARIABLES } from "../../contracts/function-environment";
import { nonEmpty, parseSettings, wholeNumber } from "../shared/settings";

/**
 * The control's settings, from its environment (set by the stack). Read once per container; a
 * wrong value fails the cold start naming the variable. Without the FLAG_* variables (a local run)
 * there is no flag: every read stays with the control.
 */
export type ControlSettings = z.infer<typeof settingsSchema>;

/**
 * The candidate's budget where none is set (local runs). Deployed, the stack sets it from the
 * candidate's own timeout and latency target (config/capacity.ts), a budget config validation has
 * checked the control's reserved concurrency can carry at the environment's peak.
 */
export const DEFAULT_CANDIDATE_BUDGET_MS = 5000;

const FLAG_VARIABLES = [CONTROL_VARIABLES.flagApplicationId, CONTROL_VARIABLES.flagEnvironmentId, CONTROL_VARIABLES.flagProfileId] as const;

const settingsSchema = z
  .object({
    [CONTROL_VARIABLES.flagApplicationId]: nonEmpty(),
    [CONTROL_VARIABLES.flagEnvironmentId]: nonEmpty(),
    [CONTROL_VARIABLES.flagProfileId]: nonEmpty(),
    /** AppConfig's minimum is 15 s; it may ask for longer, and is obeyed. */
    [CONTROL_VARIABLES.flagPollIntervalSeconds]: wholeNumber(15, 3600, 45),
    [CONTROL_VARIABLES.flagRetrySeconds]: wholeNumber(1, 3600, 30),
    [CONTROL_VARIABLES.flagCallTimeoutMs]: wholeNumber(50, 5000, 1000),
    /** The candidate's `live` alias ARN. */
    [CONTROL_VARIABLES.candidateFunctionArn]: z.optional(z.string().check(z.regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+:[^:]+$/, "must be a Lambda alias ARN"))),
    /** Below the API's 29 s and the control's own timeout, so the fallback can still be served. */
    [CONTROL_VARIABLES.candidateBudgetMs]: wholeNumber(100, 28_000, DEFAULT_CANDIDATE_BUDGET_MS),
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
        context.addIssue({ code: "custom", path: [CONTROL_VARIABLES.candidateFunctionArn], message: "is required when the flag is configured" });
      }
    }),
  );

export function readControlSettings(environment: Readonly<Record<string, string | undefined>>): ControlSettings {
  return parseSettings("mock-read", settingsSchema, environment);
}
