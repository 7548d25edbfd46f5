import * as z from "zod/mini";
import { HEALTH_HOOK_VARIABLES } from "../../contracts/function-environment";
import { parseSettings, wholeNumber } from "../shared/settings";

/** The longest bake one invocation can hold: Lambda's 15 minutes, less a minute to look and report. */
export const MAX_BAKE_SECONDS = 14 * 60;

const hookSettingsSchema = z.object({
  /** How long a new version bakes on all traffic, alarms OK, before its deployment is done. */
  [HEALTH_HOOK_VARIABLES.bakeSeconds]: wholeNumber(0, MAX_BAKE_SECONDS, 0),
  /** How often the bake looks at the alarms: their period. */
  [HEALTH_HOOK_VARIABLES.bakePollSeconds]: wholeNumber(1, 60, 10),
});

export type HookSettings = z.infer<typeof hookSettingsSchema>;

export function readHookSettings(environment: Readonly<Record<string, string | undefined>>): HookSettings {
  return parseSettings("canary-health-hook", hookSettingsSchema, environment);
}
