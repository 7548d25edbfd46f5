import autocannon from "autocannon";

export interface LoadOptions {
  readonly url: string;
  /** Seeded creators with their tokens (from /_local/session). */
  readonly creators: ReadonlyArray<{ readonly id: string; readonly token: string }>;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** autocannon's histogram has no p95: p97.5 is the nearest point above it, so it never flatters. */
  readonly latencyMs: { readonly p50: number; readonly p97_5: number; readonly p99: number; readonly max: number };
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses other than 2xx. */
  readonly non2xx: number;
}

/**
 * A mixed read load: each creator's profile, fan pages (all and by tier), revenue by month and by
 * day, and the health check, in rotation, every request with that creator's token.
 */
export function mixedRequests(creators: LoadOptions["creators"]) {
  return creators.flatMap(({ id, token }) => {
    const headers = { authorization: `Bearer ${token}` };
    return [
      { method: "GET" as const, path: `/creators/${id}`, headers },
      { method: "GET" as const, path: `/creators/${id}/fans?limit=20`, headers },
      { method: "GET" as const, path: `/creators/${id}/fans?limit=50&tier=VIP`, headers },
      { method: "GET" as const, path: `/creators/${id}/revenue?from=2025-11-01&to=2026-11-01&granularity=month`, headers },
      { method: "GET" as const, path: `/creators/${id}/revenue?from=2026-10-01&to=2026-11-01&granularity=day`, headers },
      { method: "GET" as const, path: "/health", headers: {} },
    ];
  });
}

/** Runs the load with autocannon and sums it up. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: mixedRequests(options.creators),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
