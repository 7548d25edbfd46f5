import autocannon from "autocannon";

export interface LoadOptions {
  readonly url: string;
  /** Seeded creators with their tokens (from /_local/session). */
  readonly creators: ReadonlyArray<{ readonly id: string; readonly token: string }>;
  readonly connections: number;
  /** How long the load runs (a benchmark's measure). Give this or `amount`. */
  readonly durationSeconds?: number;
  /**
   * How many requests to send in all, however long they take: for a test, where how busy the
   * machine is must not decide how much load ran.
   */
  readonly amount?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** From every response's time (autocannon's own summary has no p95). */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
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

/** The nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], share: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

/** Runs the load with autocannon and sums it up. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if ((options.durationSeconds === undefined) === (options.amount === undefined)) {
    throw new Error(`runLoad: give either durationSeconds or amount, got durationSeconds ${options.durationSeconds} and amount ${options.amount}`);
  }
  const responseTimes: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount === undefined ? { duration: options.durationSeconds } : { amount: options.amount }),
        requests: mixedRequests(options.creators),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => responseTimes.push(responseTime));
  });
  const sorted = responseTimes.sort((a, b) => a - b);
  const ms = (value: number) => Math.round(value * 10) / 10;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: ms(percentile(sorted, 0.5)), p95: ms(percentile(sorted, 0.95)), p99: ms(percentile(sorted, 0.99)), max: ms(sorted.at(-1) ?? 0) },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
