/**
 * Import first in a test file whose functions publish metrics (Powertools prints each EMF document
 * on stdout): Powertools reads the setting when the functions' Metrics are created, at import.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";

export {};
