import type { ShadowRecord } from "./shadow-log-records";

/** Example paths kept per route and kind. */
export const EXAMPLE_PATHS = 3;

/** The mismatches of one route and kind. */
export interface MismatchGroup {
  readonly route: string;
  readonly kind: string;
  /** Mismatch lines: one per path that differed, per shadow read. */
  readonly count: number;
  readonly firstSeenMs?: number;
  readonly lastSeenMs?: number;
  /** The first distinct paths seen, at most EXAMPLE_PATHS. */
  readonly examplePaths: readonly string[];
}

export interface ShadowSummary {
  /** By route then kind, the most frequent first. */
  readonly mismatches: readonly MismatchGroup[];
  /** Failure lines by route, the most frequent first. */
  readonly failuresByRoute: ReadonlyArray<{ readonly route: string; readonly count: number }>;
  /** From the shadow reads' metrics (EMF), when the log has them. */
  readonly totals?: { readonly reads: number; readonly mismatched: number; readonly failed: number };
}

/** Groups the records by route and kind, with counts, first and last seen, and example paths. */
export function summarizeShadowRecords(records: Iterable<ShadowRecord>): ShadowSummary {
  const groups = new Map<string, { route: string; kind: string; count: number; firstSeenMs?: number; lastSeenMs?: number; examplePaths: string[] }>();
  const failures = new Map<string, number>();
  let totals: { reads: number; mismatched: number; failed: number } | undefined;
  for (const record of records) {
    if (record.type === "read") {
      totals ??= { reads: 0, mismatched: 0, failed: 0 };
      totals.reads += 1;
      if (record.mismatched) totals.mismatched += 1;
      if (record.failed) totals.failed += 1;
    } else if (record.type === "failure") {
      failures.set(record.route, (failures.get(record.route) ?? 0) + 1);
    } else {
      const key = JSON.stringify([record.route, record.kind]);
      const group = groups.get(key) ?? { route: record.route, kind: record.kind, count: 0, examplePaths: [] };
      group.count += 1;
      if (record.atMs !== undefined) {
        group.firstSeenMs = Math.min(group.firstSeenMs ?? record.atMs, record.atMs);
        group.lastSeenMs = Math.max(group.lastSeenMs ?? record.atMs, record.atMs);
      }
      if (group.examplePaths.length < EXAMPLE_PATHS && !group.examplePaths.includes(record.path)) group.examplePaths.push(record.path);
      groups.set(key, group);
    }
  }
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  return {
    mismatches: [...groups.values()].sort((a, b) => a.route.localeCompare(b.route) || byCount(a, b) || a.kind.localeCompare(b.kind)),
    failuresByRoute: [...failures].map(([route, count]) => ({ route, count })).sort(byCount),
    totals,
  };
}
