/**
 * Outside Lambda (AWS_EXECUTION_ENV unset: the local server, `npm run invoke`, tests), Powertools
 * Tracer turns itself off, yet the X-Ray SDK it loads still tracks every promise of the process
 * through an async hook (cls-hooked), for segments that are never sent. The SDK's manual mode skips
 * that hook, which on the local server costs about a sixth of its throughput under bench:load
 * (docs/decisions.md). In Lambda nothing changes: the SDK needs its automatic mode there to find
 * each invocation's segment.
 *
 * The SDK reads the setting once, when it loads: this module must be imported before the Tracer
 * (each function's observability.ts). A value set by whoever runs the process is left alone.
 */
if (!process.env.AWS_EXECUTION_ENV) process.env.AWS_XRAY_MANUAL_MODE ??= "true";

export {};
