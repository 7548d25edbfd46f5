import type { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";

/**
 * Refetches no more often than this. While a rotation is half done (PostgreSQL has the new password,
 * the secret's AWSCURRENT not yet) every new connection is refused; once a second is enough to see
 * the secret catch up, where once per refused request would flood Secrets Manager.
 */
const MIN_REFRESH_INTERVAL_MS = 1000;

/** The fields of an RDS-managed master secret prisma-read reads. */
interface DatabaseSecret {
  readonly username: string;
  readonly password: string;
}

/**
 * The database password, from Secrets Manager through Powertools' cached provider: fetched on the
 * first connection, reused for `maxAgeSeconds`, and fetched again at once by `refresh()` when a
 * connection is refused after a rotation. Only new connections ask for it; open ones stay open.
 */
export class SecretPassword {
  private refreshing?: Promise<void>;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** The provider, or its loading (secrets-provider.ts): the first read waits for it. */
    private readonly provider: SecretsProvider | Promise<SecretsProvider>,
    private readonly secretArn: string,
    /** The user the pool connects as; a secret for another user is a misconfiguration. */
    private readonly expectedUser: string,
    private readonly maxAgeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The password, from the cache while it is fresh. */
  async current(): Promise<string> {
    return this.read(false);
  }

  /**
   * Fetches the secret now, replacing the cached copy. Requests refused at the same time share one
   * fetch, and a second refresh within MIN_REFRESH_INTERVAL_MS keeps the copy just fetched.
   */
  async refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (this.now() - this.lastRefreshAt < MIN_REFRESH_INTERVAL_MS) return;
    this.lastRefreshAt = this.now();
    this.refreshing = this.read(true)
      .then(() => undefined)
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async read(forceFetch: boolean): Promise<string> {
    const secret = await (await this.provider).get(this.secretArn, { transform: "json", maxAge: this.maxAgeSeconds, forceFetch });
    const { username, password } = (secret ?? {}) as Partial<DatabaseSecret>;
    if (typeof password !== "string" || password.length === 0) {
      throw new Error(`secret ${this.secretArn} has no "password" field`);
    }
    if (username !== this.expectedUser) {
      throw new Error(`secret ${this.secretArn} is for user "${username}", but DATABASE_USER is "${this.expectedUser}"`);
    }
    return password;
  }
}
