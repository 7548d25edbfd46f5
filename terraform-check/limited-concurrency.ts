import { availableParallelism } from "node:os";

/**
 * Terraform processes run at once: one per core, at most 2. A plan keeps a core busy (the provider
 * plugin and Terraform's graph walk); more at once only slows each down on CI's two cores.
 */
export const TERRAFORM_CONCURRENCY = Math.max(1, Math.min(2, availableParallelism()));

/** Maps items through an async function, at most `limit` at a time, results in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs `make` once, on the first call; later calls wait for the same result. */
export function once<A extends unknown[], R>(make: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let result: Promise<R> | undefined;
  return (...args: A) => (result ??= make(...args));
}
