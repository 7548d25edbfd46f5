/**
 * What `npm run dev` was asked to do, read from its arguments and environment before anything
 * starts: a mistake stops it with a message naming the variable or argument, and nothing to undo.
 */
import { join, resolve } from "node:path";

/** The argument that lets `npm run dev` migrate DATABASE_URL's database and load the demo data into it. */
export const USE_DATABASE_URL_ARGUMENT = "--use-database-url";
export const DEV_USAGE = `usage: npm run dev [-- ${USE_DATABASE_URL_ARGUMENT}]   (PORT, LOCAL_FLAG_FILE and DATABASE_URL in the environment)`;
export const DEFAULT_DEV_PORT = 3000;

export interface DevOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly flagFile: string;
  /** An embedded PostgreSQL made for this run and deleted after it, or a database the user named and opted into. */
  readonly database: { readonly kind: "embedded" } | { readonly kind: "url"; readonly url: string };
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
  const unknown = args.filter((argument) => argument !== USE_DATABASE_URL_ARGUMENT);
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
  };
}
