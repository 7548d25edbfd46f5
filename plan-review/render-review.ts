import { type ChangeKind, type PlanReview, type ReviewedChange, STATEFUL_TYPES } from "./review-plan";

const SYMBOLS: Record<ChangeKind, string> = { create: "+", update: "~", replace: "-/+", destroy: "-", read: "<=", forget: ".", "no-op": " " };

function describe(change: ReviewedChange): string {
  const notes = [
    change.movedFrom && `moved from ${change.movedFrom}`,
    change.importing && "imported",
    change.reason && change.reason.replaceAll("_", " "),
    change.replacePaths.length > 0 && `forced by ${change.replacePaths.join(", ")}`,
  ].filter(Boolean);
  return `${SYMBOLS[change.kind].padEnd(3)} ${change.address}${notes.length > 0 ? `  (${notes.join("; ")})` : ""}`;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * Where the API's integrations go, whether callers keep a target throughout, and what the move
 * does to stateful resources: what a reviewer of a move such as the migration's `all` → `direct` checks.
 */
function apiMoveLines(review: PlanReview): string[] {
  const { moves, gaps } = review.apiTargets;
  const routes = new Map<string, string[]>();
  for (const move of moves) routes.set(`\`${move.from}\` to \`${move.to}\``, [...(routes.get(`\`${move.from}\` to \`${move.to}\``) ?? []), move.address]);
  const lines = [gaps.length > 0 ? "> [!WARNING]" : "> [!NOTE]"];
  for (const [route, addresses] of routes) {
    lines.push(`> **The API's integration moves from ${route}** (${listed(addresses.map((address) => `\`${address}\``))}).`);
  }
  if (gaps.length === 0) {
    lines.push("> Callers keep a target throughout: each integration changes in place, API Gateway may invoke the new target before they point at it, and a new deployment moves the stage.");
  } else {
    for (const gap of gaps) lines.push(`> - ${gap}`);
  }
  const stateful = review.changes.filter((change) => STATEFUL_TYPES.has(change.type) && change.kind !== "create");
  const destroyed = stateful.filter((change) => change.kind === "destroy").map((change) => `\`${change.address}\``);
  const otherwise = stateful.filter((change) => change.kind !== "destroy");
  lines.push(
    otherwise.length === 0
      ? `> No stateful resource is replaced or changed${destroyed.length > 0 ? `; destroyed (see above): ${listed(destroyed)}` : ", and none is destroyed"}.`
      : `> Stateful resources changed: ${listed(otherwise.map((change) => `\`${change.address}\` (${change.kind})`))}.`,
  );
  return lines;
}

/**
 * The review as Markdown, for a pull-request comment or a terminal: counts first, then the loud
 * parts (stateful losses, access changes, drift), then every change.
 */
export function renderReview(review: PlanReview, title: string): string {
  const { counts } = review;
  const lines = [
    `### ${title}`,
    "",
    `**${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.destroy} to destroy**` +
      ` · ${counts.moved} moved · ${counts.imported} imported · ${counts.forget} forgotten · ${counts.read} data reads · ${counts["no-op"]} unchanged`,
    "",
  ];
  for (const loss of review.statefulLosses) {
    const blocked = review.blocked.includes(loss);
    lines.push(
      `> [!CAUTION]`,
      `> **${loss.kind === "replace" ? "REPLACES" : "DESTROYS"} stateful ${loss.type} \`${loss.address}\`**: its data is lost${loss.kind === "replace" ? " and a new, empty one is created" : ""}.` +
        (blocked ? " Blocked: re-run with `--allow-destroy " + loss.address + "` only if this is intended." : " Allowed with --allow-destroy."),
      "",
    );
  }
  if (review.accessChanges.length > 0) {
    lines.push("> [!WARNING]", `> **${review.accessChanges.length} access change(s)** (IAM, resource policies, permissions): check each grant.`);
    for (const change of review.accessChanges) lines.push(`> - ${change.kind} \`${change.address}\``);
    lines.push("");
  }
  if (review.disruptive.length > 0) {
    lines.push("> [!WARNING]", `> **${review.disruptive.length} disruptive change(s) to existing databases**: each disturbs their current clients; check it was asked for.`);
    for (const change of review.disruptive) lines.push(`> - \`${change.address}\` ${change.attribute}: ${change.effect}`);
    lines.push("");
  }
  if (review.apiTargets.moves.length > 0) lines.push(...apiMoveLines(review), "");
  if (review.drift.length > 0) {
    lines.push("> [!WARNING]", `> **${review.drift.length} resource(s) changed outside Terraform** since the last apply; where this plan changes them back, it undoes a change made by hand:`);
    for (const change of review.drift) lines.push(`> - ${change.kind} \`${change.address}\``);
    lines.push("");
  }
  if (review.changes.length === 0) {
    lines.push("No changes: the infrastructure matches the configuration.");
  } else {
    lines.push("```diff", ...review.changes.map(describe), "```");
  }
  if (review.changedOutputs.length > 0) lines.push("", `Outputs changing: ${review.changedOutputs.map((name) => `\`${name}\``).join(", ")}`);
  return lines.join("\n");
}
