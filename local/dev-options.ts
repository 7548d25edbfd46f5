/**
 * What `npm run dev` was asked to do, read from its arguments and environment before anything
 * starts: a mistake stops it with a message naming the variable or argument, and nothing to undo.
 */
import { join, resolve } from "node:path";

/** The argument that lets `npm run dev` migrate DATABASE_URL's database and load the demo data into it. */
export const USE_DATABASE_URL_ARGUMENT = "--use-database-url";
/** The argument for the migration's last phase, where the API calls the candidate and there is no control. */
export const DIRECT_ARGUMENT = "--direct";
export const HELP_ARGUMENT = "--help";
export const DEV_USAGE = `usage: npm run dev [-- [${USE_DATABASE_URL_ARGUMENT}] [${DIRECT_ARGUMENT}] [${HELP_ARGUMENT}]]   (PORT, LOCAL_FLAG_FILE and DATABASE_URL in the environment)`;

/** What `npm run dev -- --help` prints: the usage, and how to run each phase of the migration. */
export const DEV_HELP = `${DEV_USAGE}

The read API on http://127.0.0.1:$PORT (3000), on its own PostgreSQL, through the control and the candidate.

The migration's phases:
  off, shadow, percentage, all   the flag file's mode (local/flag.json, or LOCAL_FLAG_FILE), read by the
                                 control while the server runs: edit it to move from one to the next, e.g.
                                 {"prismaRead":{"enabled":true,"mode":"shadow","percentage":100}}
  direct                         ${DIRECT_ARGUMENT}: no control and no flag; reads go straight to the candidate

The functions' log lines (JSON) are also copied to a file named at start-up; in shadow mode, summarize the
candidate's mismatches from it, while the server runs or after:   npm run shadow:report -- --file <that file>

  ${USE_DATABASE_URL_ARGUMENT}   migrate DATABASE_URL's database and load the demo data into it, instead of an embedded PostgreSQL`;
export const DEFAULT_DEV_PORT = 3000;

export interface DevOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly flagFile: string;
  /** An embedded PostgreSQL made for this run and deleted after it, or a database the user named and opted into. */
  readonly database: { readonly kind: "embedded" } | { readonly kind: "url"; readonly url: string };
  /** The direct phase: reads go to the candidate with no control in the path. */
  readonly direct: boolean;
}

/** A wrong argument or variable; the message names it and says what to do instead. */
export class DevOptionsError extends Error {
  public readonly code = "INVALID_DEV_OPTIONS";

  constructor(message: string) {
    super(message);
    this.name = "DevOptionsError";
  }
}

/** `user@host:port/database`: where a URL points, without its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ""}${parsed.host}${parsed.pathname}`;
  } catch {
    return "an unparsable URL";
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_DEV_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new DevOptionsError(`PORT must be a whole number from 0 to 65535 (0 picks a free one), got "${value}"`);
  return port;
}

export function parseDevOptions(args: readonly string[], environment: NodeJS.ProcessEnv, projectRoot: string): DevOptions {
  const unknown = args.filter((argument) => argument !== USE_DATABASE_URL_ARGUMENT && argument !== DIRECT_ARGUMENT);
  if (unknown.length > 0) throw new DevOptionsError(`unknown argument ${unknown.map((argument) => `"${argument}"`).join(", ")}; ${DEV_USAGE}`);
  const useDatabaseUrl = args.includes(USE_DATABASE_URL_ARGUMENT);
  const databaseUrl = environment.DATABASE_URL || undefined;
  if (databaseUrl && !useDatabaseUrl) {
    // DATABASE_URL is often exported for other commands (db:migrate, invoke): its database is not
    // written to unless this run says so.
    throw new DevOptionsError(
      `DATABASE_URL is set (${describeDatabaseUrl(databaseUrl)}), and npm run dev would apply the migrations to that database and load demo creators, fans, messages and payments into it.\n` +
        `  To do that, run: npm run dev -- ${USE_DATABASE_URL_ARGUMENT}\n` +
        `  To leave it alone, unset DATABASE_URL: npm run dev then runs its own PostgreSQL, deleted when it stops.`,
    );
  }
  if (useDatabaseUrl && !databaseUrl) throw new DevOptionsError(`${USE_DATABASE_URL_ARGUMENT} needs DATABASE_URL, the database to use; it is not set`);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new DevOptionsError(`DATABASE_URL must be a postgresql:// URL, got ${describeDatabaseUrl(databaseUrl)}`);
  }
  return {
    host: "127.0.0.1",
    port: parsePort(environment.PORT),
    flagFile: resolve(environment.LOCAL_FLAG_FILE || join(projectRoot, "local", "flag.json")),
    database: databaseUrl ? { kind: "url", url: databaseUrl } : { kind: "embedded" },
    direct: args.includes(DIRECT_ARGUMENT),
  };
}
