import { DEFAULT_DEV_PORT, DevOptionsError, parseDevOptions } from "../../local/dev-options";

const ROOT = "/project";
const parse = (args: string[], environment: NodeJS.ProcessEnv = {}) => parseDevOptions(args, environment, ROOT);
const failure = (args: string[], environment: NodeJS.ProcessEnv = {}) => {
  try {
    parse(args, environment);
  } catch (error) {
    expect(error).toBeInstanceOf(DevOptionsError);
    return (error as Error).message;
  }
  throw new Error("expected a DevOptionsError");
};

describe("npm run dev's options", () => {
  it("runs on an embedded PostgreSQL, port 3000 and local/flag.json when nothing is set", () => {
    expect(parse([])).toEqual({ host: "127.0.0.1", port: DEFAULT_DEV_PORT, flagFile: "/project/local/flag.json", database: { kind: "embedded" }, direct: false });
  });

  it("runs the direct phase with --direct, with or without DATABASE_URL's database", () => {
    const url = "postgresql://me@db.internal:5432/huntaze";

    expect(parse(["--direct"]).direct).toBe(true);
    expect(parse(["--direct", "--use-database-url"], { DATABASE_URL: url })).toMatchObject({ direct: true, database: { kind: "url", url } });
  });

  it("uses DATABASE_URL's database only with --use-database-url", () => {
    const url = "postgresql://me:secret@db.internal:5432/huntaze";

    expect(parse(["--use-database-url"], { DATABASE_URL: url }).database).toEqual({ kind: "url", url });
    expect(failure([], { DATABASE_URL: url })).toMatch(/^DATABASE_URL is set \(me@db\.internal:5432\/huntaze\), and npm run dev would apply the migrations/);
    expect(failure([], { DATABASE_URL: url })).not.toContain("secret");
  });

  it("names the argument, variable or value at fault", () => {
    expect(failure(["--use-database-url"])).toBe("--use-database-url needs DATABASE_URL, the database to use; it is not set");
    expect(failure(["--seed"])).toMatch(/^unknown argument "--seed"; usage: npm run dev \[-- \[--use-database-url\] \[--direct\] \[--help\]\]/);
    expect(failure([], { PORT: "30o0" })).toBe('PORT must be a whole number from 0 to 65535 (0 picks a free one), got "30o0"');
    expect(failure([], { PORT: "70000" })).toBe('PORT must be a whole number from 0 to 65535 (0 picks a free one), got "70000"');
    expect(failure(["--use-database-url"], { DATABASE_URL: "mysql://me@db:3306/huntaze" })).toBe("DATABASE_URL must be a postgresql:// URL, got me@db:3306/huntaze");
  });
});
