import { readFileSync, statSync } from "node:fs";
import type { CurrentFlag } from "../functions/mock-read/flag/flag-source";
import { parsePrismaReadFlag, SAFE_DEFAULT_FLAG } from "../functions/mock-read/flag/prisma-read-flag";

export interface LocalFlagSourceOptions {
  /**
   * How long one look at the file holds before a request looks again. Looking on every request
   * (a stat) costs a few percent of the local server's thread under bench:load (docs/decisions.md);
   * the deployed control, too, reads AppConfig at intervals rather than per request.
   * @default 250
   */
  readonly recheckIntervalMs?: number;
  /** Told why the file could not be used. @default - console.error */
  readonly onProblem?: (message: string) => void;
  /** Milliseconds on a steady clock. @default performance.now */
  readonly now?: () => number;
}

export const DEFAULT_RECHECK_INTERVAL_MS = 250;

/**
 * The prismaRead flag for a local run, from a file holding what AppConfig would serve
 * (`{"prismaRead":{"enabled":true,"mode":"percentage","percentage":50}}`), read through the
 * control's own parser. The file is read again when it has changed (within `recheckIntervalMs`), so
 * a share can be moved while the server runs; an unusable file keeps the last good flag and says
 * why, as the deployed control does.
 */
export class LocalFlagSource {
  private current: CurrentFlag = { flag: SAFE_DEFAULT_FLAG, origin: "safe-default" };
  private modifiedAt = -1;
  private lookedAt = -Infinity;
  private readonly recheckIntervalMs: number;
  private readonly onProblem: (message: string) => void;
  private readonly now: () => number;

  constructor(
    private readonly path: string,
    options: LocalFlagSourceOptions = {},
  ) {
    this.recheckIntervalMs = options.recheckIntervalMs ?? DEFAULT_RECHECK_INTERVAL_MS;
    if (!(this.recheckIntervalMs >= 0)) throw new Error(`LocalFlagSource: recheckIntervalMs must be 0 or more, got ${this.recheckIntervalMs}`);
    this.onProblem = options.onProblem ?? ((message) => console.error(message));
    this.now = options.now ?? (() => performance.now());
  }

  async flag(): Promise<CurrentFlag> {
    const now = this.now();
    if (now - this.lookedAt < this.recheckIntervalMs) return this.current;
    this.lookedAt = now;
    try {
      const modified = statSync(this.path).mtimeMs;
      if (modified !== this.modifiedAt) {
        this.modifiedAt = modified;
        this.current = { flag: parsePrismaReadFlag(readFileSync(this.path, "utf8")), origin: "local-file" };
      }
    } catch (error) {
      this.onProblem(`flag file ${this.path}: ${error instanceof Error ? error.message : String(error)}; keeping ${JSON.stringify(this.current.flag)}`);
    }
    return this.current;
  }
}
