/**
 * The project targets the AWS provider 6.x; the check may run on an older provider from the mirror
 * (5.100.0 on CI). Each difference it bridges is one function here, with why, rewriting exactly the
 * references it names. A bridge that applies but finds nothing to rewrite in a whole run fails the
 * check (see `unusedBridges`): the configuration moved on and the bridge must go, or it hides something.
 */

/** Major version of a provider version string ("5.100.0" → 5). */
export function majorVersion(version: string): number {
  const major = Number(version.split(".")[0]);
  if (!Number.isInteger(major)) throw new Error(`not a provider version: ${version}`);
  return major;
}

export interface ProviderBridge {
  readonly name: string;
  /** True when the provider the check runs with needs this bridge. */
  appliesTo(providerVersion: string): boolean;
  /** The file's text with the bridged references rewritten, and how many were. */
  rewrite(text: string): { readonly text: string; readonly rewrites: number };
}

/**
 * `data.aws_region.<name>.region`: 6.0 added `region` (the region's code) to the aws_region data
 * source and deprecated `name`, which 5.x has as its only attribute for the same value. On 5.x the
 * reference is read as `.name`; anything else (`.id`, `.description`, a resource's `region`) stays.
 */
export const REGION_ATTRIBUTE_BRIDGE: ProviderBridge = {
  name: "data.aws_region.<name>.region (6.x) read as .name (5.x)",
  appliesTo: (providerVersion) => majorVersion(providerVersion) < 6,
  rewrite(text) {
    let rewrites = 0;
    const rewritten = text.replace(/\bdata\.aws_region\.([A-Za-z_][\w-]*)\.region\b/g, (_match, name: string) => {
      rewrites++;
      return `data.aws_region.${name}.name`;
    });
    return { text: rewritten, rewrites };
  },
};

export const PROVIDER_BRIDGES: readonly ProviderBridge[] = [REGION_ATTRIBUTE_BRIDGE];

/** Counts rewrites per bridge over a run, to find bridges that applied but rewrote nothing. */
export class BridgeLedger {
  private readonly rewrites = new Map<string, number>();

  constructor(readonly providerVersion: string) {
    for (const bridge of this.applicable()) this.rewrites.set(bridge.name, 0);
  }

  applicable(): ProviderBridge[] {
    return PROVIDER_BRIDGES.filter((bridge) => bridge.appliesTo(this.providerVersion));
  }

  /** The text with every applicable bridge applied, counted. */
  bridge(text: string): string {
    let current = text;
    for (const bridge of this.applicable()) {
      const result = bridge.rewrite(current);
      this.rewrites.set(bridge.name, (this.rewrites.get(bridge.name) ?? 0) + result.rewrites);
      current = result.text;
    }
    return current;
  }

  /** Applicable bridges that rewrote nothing in the run so far: stale, so the check fails on them. */
  unusedBridges(): string[] {
    return [...this.rewrites].filter(([, count]) => count === 0).map(([name]) => name);
  }

  /** What was bridged, for the check's report. */
  summary(): string[] {
    return [...this.rewrites].map(([name, count]) => `${name}: ${count} reference${count === 1 ? "" : "s"}`);
  }
}
