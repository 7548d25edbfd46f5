import { AwsWireServer, awsError, type WireResponse } from "./aws-wire-server";

/**
 * AppConfig Data on the wire (REST-JSON): StartConfigurationSession hands out a token, each
 * GetLatestConfiguration spends one token and hands out the next, and returns the configuration
 * only when it changed since that session last received it (empty otherwise), as AWS does.
 * Tests set what is deployed, or make the service fail.
 */
export class FakeAppConfigData {
  readonly server = new AwsWireServer();
  /** The deployed configuration document. */
  configuration = "";
  pollIntervalSeconds = 30;
  /** When set, every call answers with this instead. */
  outage?: WireResponse;
  /** When true, calls are never answered. */
  hang = false;
  private nextToken = 1;
  /** Per live token: the configuration its session last received. */
  private readonly tokens = new Map<string, string | undefined>();

  constructor() {
    this.server
      .onRoute("POST", /^\/configurationsessions$/, "StartConfigurationSession", () => {
        if (this.hang) return new Promise<never>(() => undefined);
        if (this.outage) return this.outage;
        return { status: 201, body: { InitialConfigurationToken: this.issue(undefined) } };
      })
      .onRoute("GET", /^\/configuration$/, "GetLatestConfiguration", (request) => {
        if (this.outage) return this.outage;
        const token = request.query.get("configuration_token") ?? "";
        if (!this.tokens.has(token)) return awsError(400, "BadRequestException", "the configuration token is invalid or was already used");
        const lastReceived = this.tokens.get(token);
        this.tokens.delete(token);
        const changed = lastReceived !== this.configuration;
        return {
          status: 200,
          headers: {
            "content-type": changed ? "application/json" : "",
            "next-poll-configuration-token": this.issue(this.configuration),
            "next-poll-interval-in-seconds": String(this.pollIntervalSeconds),
          },
          body: changed ? this.configuration : "",
        };
      });
  }

  /** A feature-flag profile's values, as AppConfig returns them. */
  deployFlag(values: { enabled: boolean; mode?: string; percentage?: number }): void {
    this.configuration = JSON.stringify({ prismaRead: values });
  }

  private issue(lastReceived: string | undefined): string {
    const token = `token-${this.nextToken++}`;
    this.tokens.set(token, lastReceived);
    return token;
  }
}
