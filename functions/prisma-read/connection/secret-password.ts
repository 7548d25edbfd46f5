import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";

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
  constructor(
    private readonly provider: SecretsProvider,
    private readonly secretArn: string,
    /** The user the pool connects as; a secret for another user is a misconfiguration. */
    private readonly expectedUser: string,
    private readonly maxAgeSeconds: number,
  ) {}

  /** The password, from the cache while it is fresh. */
  async current(): Promise<string> {
    return this.read(false);
  }

  /** Fetches the secret now, replacing the cached copy. */
  async refresh(): Promise<void> {
    await this.read(true);
  }

  private async read(forceFetch: boolean): Promise<string> {
    const secret = await this.provider.get(this.secretArn, { transform: "json", maxAge: this.maxAgeSeconds, forceFetch });
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
