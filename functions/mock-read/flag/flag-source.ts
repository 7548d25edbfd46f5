import { AppConfigDataClient, GetLatestConfigurationCommand, StartConfigurationSessionCommand } from "@aws-sdk/client-appconfigdata";
import { parsePrismaReadFlag, SAFE_DEFAULT_FLAG, type PrismaReadFlag } from "./prisma-read-flag";

export interface FlagSourceOptions {
  readonly application: string;
  readonly environment: string;
  readonly profile: string;
  /** The shortest interval the session may be polled at; AppConfig may ask for longer. */
  readonly minimumPollIntervalSeconds: number;
  /** How long to wait before trying again after AppConfig failed or sent an unusable flag. */
  readonly retryAfterSeconds: number;
  /** Each AppConfig call gives up after this long: the flag must never hold a request up. */
  readonly callTimeoutMs: number;
  /** Told of each failure (the handler logs it and counts it as a metric). */
  readonly onFailure?: (error: unknown) => void;
}

/** Where the current flag came from, for logs and the routing-decision metric. */
export type FlagOrigin = "appconfig" | "last-known-good" | "safe-default" | "local-file";

export interface CurrentFlag {
  readonly flag: PrismaReadFlag;
  readonly origin: FlagOrigin;
}

/**
 * The prismaRead flag, read with AppConfig Data as AWS recommends: one configuration session per
 * container, then GetLatestConfiguration with the single-use token each call returns, no more often
 * than the NextPollIntervalInSeconds the previous call asked for. An empty configuration means
 * "unchanged": the last flag stays.
 *
 * A flag problem never fails a request: until AppConfig has answered, the flag is the compiled-in
 * safe default (every read served by the control); after that, the last known good flag. A failure
 * drops the session (its token may be spent) and is retried `retryAfterSeconds` later.
 *
 * Written here rather than with Powertools' AppConfigProvider, which caches for a fixed maxAge
 * instead of AppConfig's poll interval and throws where this must fall back.
 */
export class FlagSource {
  private token?: string;
  private nextPollAt = 0;
  private current: CurrentFlag = { flag: SAFE_DEFAULT_FLAG, origin: "safe-default" };
  private inflight?: Promise<CurrentFlag>;

  constructor(
    private readonly client: AppConfigDataClient,
    private readonly options: FlagSourceOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The flag to route this request by; polls AppConfig first when the interval has passed. Callers
   * arriving during a poll share it (the container's init starts one, the first request awaits it).
   */
  async flag(): Promise<CurrentFlag> {
    if (this.inflight) return this.inflight;
    if (this.now() < this.nextPollAt) return this.current;
    this.inflight = this.refresh().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async refresh(): Promise<CurrentFlag> {
    try {
      await this.poll();
    } catch (error) {
      this.token = undefined;
      this.nextPollAt = this.now() + this.options.retryAfterSeconds * 1000;
      if (this.current.origin === "appconfig") this.current = { ...this.current, origin: "last-known-good" };
      this.options.onFailure?.(error);
    }
    return this.current;
  }

  private async poll(): Promise<void> {
    const abortSignal = AbortSignal.timeout(this.options.callTimeoutMs);
    if (!this.token) {
      const session = await this.client.send(
        new StartConfigurationSessionCommand({
          ApplicationIdentifier: this.options.application,
          EnvironmentIdentifier: this.options.environment,
          ConfigurationProfileIdentifier: this.options.profile,
          RequiredMinimumPollIntervalInSeconds: this.options.minimumPollIntervalSeconds,
        }),
        { abortSignal },
      );
      this.token = session.InitialConfigurationToken;
    }
    const latest = await this.client.send(new GetLatestConfigurationCommand({ ConfigurationToken: this.token }), { abortSignal });
    this.token = latest.NextPollConfigurationToken;
    this.nextPollAt = this.now() + (latest.NextPollIntervalInSeconds ?? this.options.minimumPollIntervalSeconds) * 1000;
    const document = latest.Configuration ? new TextDecoder().decode(latest.Configuration) : "";
    if (document.length === 0) {
      // Unchanged since the last call: the flag in hand is still AppConfig's.
      if (this.current.origin === "last-known-good") this.current = { ...this.current, origin: "appconfig" };
      return;
    }
    this.current = { flag: parsePrismaReadFlag(document), origin: "appconfig" };
  }
}
