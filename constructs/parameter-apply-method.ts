import { Fn, Op, type IResolvable } from "cdktf";
import { knownAtSynth } from "./known-at-synth";

/**
 * The apply method for a DB parameter, from whether its value is the engine's default (a boolean
 * when known at synth, else a Terraform condition).
 *
 * RDS reports a parameter at the engine's default as `pending-reboot`, whichever method set it,
 * and ignores a change of method alone (the provider's note on aws_db_parameter_group;
 * hashicorp/terraform-provider-aws#18035): one sent as `immediate` would show as a change in every
 * plan after the apply. Where the parameter was at its default already, nothing waits. The cost:
 * a change back to the default (a slow-statement threshold of -1 after 500) takes effect at the
 * next reboot, not at once. Any other value is `immediate`: a dynamic parameter takes effect then.
 */
export function applyMethodAtEngineDefault(isEngineDefault: boolean | IResolvable): string {
  if (knownAtSynth(isEngineDefault)) return isEngineDefault === true ? "pending-reboot" : "immediate";
  return Fn.conditional(isEngineDefault, "pending-reboot", "immediate");
}

/** rds.force_ssl is 1 by default from PostgreSQL 15 on (0 before). */
export function forceSslIsEngineDefault(majorVersion: string): boolean | IResolvable {
  return knownAtSynth(majorVersion) ? Number(majorVersion) >= 15 : Op.gte(Fn.tonumber(majorVersion), 15);
}

/** log_min_duration_statement is -1 (nothing logged for its duration) by default. */
export function logMinDurationIsEngineDefault(milliseconds: number): boolean | IResolvable {
  return knownAtSynth(milliseconds) ? milliseconds === -1 : Op.eq(milliseconds, -1);
}
