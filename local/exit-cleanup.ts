/**
 * What a long-running local command must release before it exits (its server, its PostgreSQL and
 * that PostgreSQL's folder), whichever way it ends: a signal during start-up or after, a failure,
 * an error nobody caught.
 */
export class ExitCleanup {
  private readonly releases: Array<() => Promise<void>> = [];
  private closing?: Promise<readonly unknown[]>;

  /** True once close() has begun: start-up steps still running should stop. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Registers what to release at exit, in reverse order of registration. Once close() has begun,
   * releases it at once instead: a resource whose start finished after the exit began is not left behind.
   */
  async add(release: () => Promise<void>): Promise<void> {
    if (this.closing) {
      await release();
      return;
    }
    this.releases.push(release);
  }

  /** Releases everything registered, last first, once; resolves to the errors met on the way. */
  close(): Promise<readonly unknown[]> {
    this.closing ??= (async () => {
      const errors: unknown[] = [];
      for (const release of this.releases.splice(0).reverse()) {
        await release().catch((error: unknown) => errors.push(error));
      }
      return errors;
    })();
    return this.closing;
  }
}
