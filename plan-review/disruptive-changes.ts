import { isDeepStrictEqual } from "node:util";
import type { ResourceChange, TerraformPlan } from "./terraform-plan";

/**
 * An in-place change to a database that already exists which its current clients feel: Terraform
 * calls it an update, and nothing is lost, but connections are refused, passwords stop working or
 * the instance restarts. plan:summary flags each one for the reviewer.
 */
export interface DisruptiveChange {
  readonly address: string;
  /** The attribute or parameter that changes. */
  readonly attribute: string;
  /** What the instance's clients see. */
  readonly effect: string;
}

/**
 * aws_db_instance attributes whose in-place change disturbs current clients, and how. Its security
 * groups are judged apart (securityGroupsEffect): only a group it leaves cuts anyone off.
 */
export const DISRUPTIVE_DATABASE_ATTRIBUTES: Readonly<Record<string, string>> = {
  manage_master_user_password: "RDS replaces the master password: whoever logs in with the current one is refused",
  db_subnet_group_name: "it moves to another subnet group (another VPC): its address and every client's route change",
  ca_cert_identifier: "its certificate authority changes: it restarts, and clients that verify the old one are refused",
  instance_class: "its class changes: it restarts (or fails over)",
  engine_version: "its engine is upgraded: it restarts",
  storage_type: "its storage is reworked: its I/O slows for hours",
};

type Parameter = { name?: string; value?: string };

function parameters(value: unknown): Parameter[] {
  const parameter = value && typeof value === "object" ? (value as { parameter?: unknown }).parameter : undefined;
  return Array.isArray(parameter) ? (parameter as Parameter[]) : [];
}

const forcesTls = (value: unknown) => parameters(value).some((parameter) => parameter.name === "rds.force_ssl" && parameter.value === "1");
/** The instance exists before and after the plan: updated in place, or unchanged while its parameter group changes. */
const keepsInstance = (change: ResourceChange) => ["update", "no-op"].includes(change.change.actions.join(","));
const attribute = (value: unknown, name: string) => (value && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/**
 * What the instance's clients see of a change to its security groups, or nothing where it only
 * gains groups. The provider plans the whole set as unknown when a group it gains is created in
 * the same apply (the adoption's managed group), so which groups it keeps is known only then.
 */
function securityGroupsEffect(change: ResourceChange): string | undefined {
  const { before, after, after_unknown: unknown } = change.change;
  const had = strings(attribute(before, "vpc_security_group_ids"));
  if (attribute(unknown, "vpc_security_group_ids") === true) {
    return `its security groups are known only at apply: clients admitted only by a group it has now (${had.join(", ") || "none"}) and not after are cut off; check the config keeps each of them`;
  }
  const has = strings(attribute(after, "vpc_security_group_ids"));
  const left = had.filter((group) => !has.includes(group));
  return left.length > 0 ? `it leaves security group(s) ${left.join(", ")}: clients admitted only by them are cut off` : undefined;
}

/**
 * The disruptive in-place changes a plan makes to databases that exist already: the attributes of
 * DISRUPTIVE_DATABASE_ATTRIBUTES that an update changes (or leaves to be known after apply), a
 * security group the instance leaves (or may leave: its groups known only after apply), and
 * TLS forced (rds.force_ssl = 1) on an existing instance by a parameter group that did not force it,
 * whether the group is changed or replaced under the same name (the instance itself then plans no
 * change) or the instance moves to a new one.
 */
export function disruptiveDatabaseChanges(plan: TerraformPlan): DisruptiveChange[] {
  const found: DisruptiveChange[] = [];
  const groups = plan.resource_changes.filter((change) => change.type === "aws_db_parameter_group" && !change.deposed);
  for (const change of plan.resource_changes) {
    if (change.type !== "aws_db_instance" || change.deposed || !keepsInstance(change)) continue;
    const groupsEffect = securityGroupsEffect(change);
    if (groupsEffect) found.push({ address: change.address, attribute: "vpc_security_group_ids", effect: groupsEffect });
    const { before, after, after_unknown: unknown } = change.change;
    for (const [name, effect] of Object.entries(DISRUPTIVE_DATABASE_ATTRIBUTES)) {
      const changes = attribute(unknown, name) === true || !isDeepStrictEqual(attribute(before, name) ?? null, attribute(after, name) ?? null);
      if (changes) found.push({ address: change.address, attribute: name, effect });
    }
    const group = groups.find((candidate) => attribute(candidate.change.after, "name") === attribute(after, "parameter_group_name"));
    if (!group || !forcesTls(group.change.after)) continue;
    const movesToIt = attribute(before, "parameter_group_name") !== attribute(after, "parameter_group_name");
    if (movesToIt || !forcesTls(group.change.before)) {
      found.push({ address: change.address, attribute: `rds.force_ssl (${group.address})`, effect: "TLS is forced: clients connecting without it are refused" });
    }
  }
  return found;
}
