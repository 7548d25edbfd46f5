import { readFileSync, statSync } from "node:fs";
import type { CurrentFlag } from "../functions/mock-read/flag/flag-source";
import { parsePrismaReadFlag, SAFE_DEFAULT_FLAG } from "../functions/mock-read/flag/prisma-read-flag";

/**
 * The prismaRead flag for a local run, from a file holding what AppConfig would serve
 * (`{"prismaRead":{"enabled":true,"mode":"percentage","percentage":50}}`), read through the
 * control's own parser. The file is read again whenever it changes, so a share can be moved while
 * the server runs; an unusable file keeps the last good flag and says why, as the deployed control does.
 */
export class LocalFlagSource {
  private current: CurrentFlag = { flag: SAFE_DEFAULT_FLAG, origin: "safe-default" };
  private readAt = -1;

  constructor(
    private readonly path: string,
    private readonly onProblem: (message: string) => void = (message) => console.error(message),
  ) {}

  async flag(): Promise<CurrentFlag> {
    try {
      const modified = statSync(this.path).mtimeMs;
      if (modified !== this.readAt) {
        this.readAt = modified;
        this.current = { flag: parsePrismaReadFlag(readFileSync(this.path, "utf8")), origin: "local-file" };
      }
    } catch (error) {
      this.onProblem(`flag file ${this.path}: ${error instanceof Error ? error.message : String(error)}; keeping ${JSON.stringify(this.current.flag)}`);
    }
    return this.current;
  }
}
