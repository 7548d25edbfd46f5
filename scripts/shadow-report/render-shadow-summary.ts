import type { ShadowSummary } from "./summarize-shadow-records";

const iso = (ms: number | undefined) => (ms === undefined ? "-" : new Date(ms).toISOString());
const percent = (part: number, whole: number) => (whole === 0 ? "" : ` (${((100 * part) / whole).toFixed(1)} %)`);

/** The summary as text: totals, then a table of mismatches by route and kind, then failures by route. */
export function renderShadowSummary(summary: ShadowSummary): string {
  const lines: string[] = [];
  const { totals } = summary;
  if (totals) {
    lines.push(
      `Shadow reads: ${totals.reads}, ${totals.mismatched} differing from the control's contract${percent(totals.mismatched, totals.reads)}, ` +
        `${totals.failed} failed${percent(totals.failed, totals.reads)}`,
    );
  } else {
    lines.push("Shadow reads: no shadow read metrics (EMF) in this log");
  }
  lines.push("");
  if (summary.mismatches.length === 0) {
    lines.push("No mismatches.");
  } else {
    lines.push("Mismatches by route and kind:");
    const header = ["route", "kind", "count", "first seen", "last seen", "example paths"];
    const rows = summary.mismatches.map((group) => [group.route, group.kind, String(group.count), iso(group.firstSeenMs), iso(group.lastSeenMs), group.examplePaths.join(", ")]);
    lines.push(...table([header, ...rows]));
  }
  if (summary.failuresByRoute.length > 0) {
    lines.push("", "Failed shadow reads by route:");
    lines.push(...table([["route", "count"], ...summary.failuresByRoute.map(({ route, count }) => [route, String(count)])]));
  }
  return lines.join("\n");
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join("  ")}`.trimEnd());
}
