import { isDeepStrictEqual } from "node:util";
import type { PlanJson } from "./terraform-json";

/** One value a plan would change: where, and from what to what ("(known after apply)" when unknown). */
export interface PlannedDifference {
  readonly address: string;
  readonly actions: readonly string[];
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

function differences(before: unknown, after: unknown, unknown: unknown, path: string[]): Array<{ path: string; before: unknown; after: unknown }> {
  if (unknown === true) return [{ path: path.join("."), before, after: "(known after apply)" }];
  const bothObjects = before !== null && after !== null && typeof before === "object" && typeof after === "object" && Array.isArray(before) === Array.isArray(after);
  if (bothObjects && !(Array.isArray(before) && (before as unknown[]).length !== (after as unknown[]).length)) {
    const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object), ...Object.keys(unknown && typeof unknown === "object" ? unknown : {})]);
    return [...keys].flatMap((key) =>
      differences((before as any)[key] ?? null, (after as any)[key] ?? null, unknown && typeof unknown === "object" ? (unknown as any)[key] : undefined, [...path, key]),
    );
  }
  return isDeepStrictEqual(before ?? null, after ?? null) ? [] : [{ path: path.join("."), before, after }];
}

/** Every value a plan changes, resource by resource and output by output; empty for a plan with no changes. */
export function plannedDifferences(plan: PlanJson): PlannedDifference[] {
  const resources = (plan.resource_changes ?? [])
    .filter((change) => change.mode === "managed" && !change.change.actions.every((action) => action === "no-op"))
    .flatMap((change) => {
      const found = differences(change.change.before, change.change.after, change.change.after_unknown, []);
      const listed = found.length > 0 ? found : [{ path: "(the resource)", before: change.change.before === null ? "(absent)" : "(present)", after: change.change.after === null ? "(absent)" : "(present)" }];
      return listed.map((difference) => ({ address: change.address, actions: change.change.actions, ...difference }));
    });
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => !change.actions.every((action) => action === "no-op"))
    .map(([name, change]) => ({ address: `output.${name}`, actions: change.actions, path: "", before: (change as any).before, after: change.after_unknown === true ? "(known after apply)" : change.after }));
  return [...resources, ...outputs];
}

/** A difference in one line, values as JSON cut at 160 characters. */
export function describeDifference(difference: PlannedDifference): string {
  const shown = (value: unknown) => {
    const text = typeof value === "string" && value.startsWith("(") ? value : JSON.stringify(value);
    return text.length > 160 ? `${text.slice(0, 157)}...` : text;
  };
  const where = difference.path ? `${difference.address}.${difference.path}` : difference.address;
  return `${where} (${difference.actions.join(",")}): ${shown(difference.before)} → ${shown(difference.after)}`;
}
