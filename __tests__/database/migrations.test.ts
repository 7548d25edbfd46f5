import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyProject, PROJECT_ROOT } from "../support/project-copy";
import { runNode, type ProcessResult } from "../support/child-process";
import { freshDatabase, migratesDatabasesThroughout, query } from "../support/database";
import { READ_ONLY_ROLE } from "../../database/roles";

// Migrates fresh databases on the shared test server: no other file migrates one meanwhile.
migratesDatabasesThroughout();

/** An npm script's command, the way npm runs it (the schema engine is ESM: Jest cannot load it). */
function runScript(folder: string, script: string, args: string[], environment: Record<string, string>): Promise<ProcessResult> {
  return runNode([join(folder, "scripts", "run-ts.mjs"), script, ...args], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? "", ...environment },
    timeoutMs: 60_000,
  });
}

/** The migration folders committed in this checkout, in order. */
function committedMigrations(): string[] {
  return readdirSync(join(PROJECT_ROOT, "prisma", "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("migrations on Prisma's wasm schema engine", () => {
  it("applies every migration to a fresh database once, recording them as Prisma does", async () => {
    const url = await freshDatabase("migrate_fresh");

    const first = await runScript(PROJECT_ROOT, "scripts/db-migrate.ts", [], { DATABASE_URL: url });
    const second = await runScript(PROJECT_ROOT, "scripts/db-migrate.ts", [], { DATABASE_URL: url });

    const folders = committedMigrations();
    expect(first).toMatchObject({ code: 0, stdout: `Applied ${folders.length}: ${folders.join(", ")}\n` });
    expect(second).toMatchObject({ code: 0, stdout: "Database is up to date.\n" });
    const rows = await query(url, "SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at FROM _prisma_migrations ORDER BY 1");
    expect(rows).toEqual(folders.map((name) => ({ migration_name: name, finished: true, rolled_back_at: null })));
    const tables = await query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((row) => row.tablename)).toEqual(["_prisma_migrations", "creators", "fans", "messages", "transactions"]);
  });

  it("never interleaves two runners: the second waits on the advisory lock, then finds nothing to do", async () => {
    const url = await freshDatabase("migrate_race");

    const runs = await Promise.all([1, 2].map(() => runScript(PROJECT_ROOT, "scripts/db-migrate.ts", [], { DATABASE_URL: url })));

    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    expect(runs.map((run) => run.stdout).sort()[0]).toMatch(/^Applied \d+: /);
    expect(runs.filter((run) => run.stdout === "Database is up to date.\n")).toHaveLength(1);
    const [{ count }] = await query(url, "SELECT count(*)::int AS count FROM _prisma_migrations WHERE rolled_back_at IS NULL");
    expect(count).toBe(committedMigrations().length);
  });

  it("says what to set when DATABASE_URL is missing", async () => {
    const run = await runScript(PROJECT_ROOT, "scripts/db-migrate.ts", [], {});

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set DATABASE_URL to the database to migrate/);
  });

  it("passes db:check as committed, fails it when schema.prisma and the migrations drift apart, and creates the fix", async () => {
    const folder = copyProject("migrations");
    const env = { DATABASE_URL: process.env.DATABASE_URL! };
    try {
      expect(await runScript(folder, "scripts/db-check.ts", [], env)).toMatchObject({ code: 0 });

      const schemaPath = join(folder, "prisma", "schema.prisma");
      writeFileSync(schemaPath, readFileSync(schemaPath, "utf8").replace("  handle       String", "  bio          String? @db.VarChar(500)\n  handle       String"));
      const drifted = await runScript(folder, "scripts/db-check.ts", [], env);
      expect(drifted.code).toBe(1);
      expect(drifted.stderr).toMatch(/schema.prisma has changes that no migration holds/);

      const created = await runScript(folder, "scripts/db-create-migration.ts", ["add_creator_bio"], env);
      expect(created.stdout).toMatch(/^Created prisma\/migrations\/\d{14}_add_creator_bio\n$/);
      const migrationDir = join(folder, created.stdout.trim().replace(/^Created /, ""));
      expect(readFileSync(join(migrationDir, "migration.sql"), "utf8")).toMatch(/ALTER TABLE "creators" ADD COLUMN\s+"bio" VARCHAR\(500\)/);
      expect(await runScript(folder, "scripts/db-check.ts", [], env)).toMatchObject({ code: 0 });

      // A migration edited by hand no longer matches its snapshot.
      writeFileSync(join(migrationDir, "migration.sql"), 'ALTER TABLE "creators" ADD COLUMN "bio" TEXT;\n');
      const edited = await runScript(folder, "scripts/db-check.ts", [], env);
      expect(edited.code).toBe(1);
      expect(edited.stderr).toMatch(/_add_creator_bio is not what its schema snapshot implies/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000); // five script runs, each a process of its own: 3.2-4.0 s, near jest's default 5 s on a busy machine

  it("creates nothing when the schema has not changed, and refuses a bad migration name", async () => {
    const env = { DATABASE_URL: process.env.DATABASE_URL! };

    expect((await runScript(PROJECT_ROOT, "scripts/db-create-migration.ts", ["unchanged"], env)).stdout).toMatch(
      /has not changed since the last migration: nothing to create/,
    );
    const bad = await runScript(PROJECT_ROOT, "scripts/db-create-migration.ts", ["Drop Tables;"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/migration name must be 1-60 characters of a-z, 0-9 and _, got "Drop Tables;"/);
  });
});

describe("a migration script", () => {
  it("runs whole, PL/pgSQL included, and a failure halfway applies none of it", async () => {
    const folder = copyProject("migration-atomic");
    try {
      const url = await freshDatabase("migrate_atomic");
      const broken = join(folder, "prisma", "migrations", "29991231000000_broken");
      cpSync(join(folder, "prisma", "schema.prisma"), join(broken, "schema.prisma"), { recursive: true });
      writeFileSync(
        join(broken, "migration.sql"),
        "-- huntaze:edited-by-hand\nCREATE TABLE half_done (id int);\nDO $$ BEGIN RAISE EXCEPTION 'stop here; nothing above may stay'; END $$;\n",
      );

      const run = await runScript(folder, "scripts/db-migrate.ts", [], { DATABASE_URL: url });

      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/stop here; nothing above may stay/);
      expect(await query(url, "SELECT to_regclass('public.half_done') AS table")).toEqual([{ table: null }]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("the read-only role prisma-read logs in as", () => {
  const password = "test-only-password";
  let url: string;
  let readerUrl: string;

  beforeAll(async () => {
    url = await freshDatabase("reader_role");
    const run = await runScript(PROJECT_ROOT, "scripts/db-migrate.ts", [], { DATABASE_URL: url });
    if (run.code !== 0) throw new Error(run.stderr);
    // On RDS the role logs in with IAM tokens; here a password stands in for one.
    await query(url, `ALTER ROLE ${READ_ONLY_ROLE} PASSWORD '${password}'`);
    const reader = new URL(url);
    reader.username = READ_ONLY_ROLE;
    reader.password = password;
    readerUrl = reader.toString();
  }, 60_000);

  it("reads the read path's tables", async () => {
    const counts = await query(
      readerUrl,
      "SELECT (SELECT count(*) FROM creators) + (SELECT count(*) FROM fans) + (SELECT count(*) FROM messages) + (SELECT count(*) FROM transactions) AS rows",
    );

    expect(counts).toEqual([{ rows: "0" }]);
  });

  it.each([
    ["write", "INSERT INTO creators (id, handle, display_name) VALUES (gen_random_uuid(), 'x', 'x')", /read-only transaction|permission denied/],
    ["delete", "DELETE FROM fans", /read-only transaction|permission denied/],
    ["read the migrations table", "SELECT * FROM _prisma_migrations", /permission denied/],
    ["create a table", "CREATE TABLE intruder (id int)", /read-only transaction|permission denied/],
  ])("may not %s", async (_, sql, refusal) => {
    await expect(query(readerUrl, sql)).rejects.toThrow(refusal);
  });

  it("plans without JIT compilation, whatever the server's default", async () => {
    expect(await query(url, "SHOW jit")).toEqual([{ jit: "on" }]);
    expect(await query(readerUrl, "SHOW jit")).toEqual([{ jit: "off" }]);
  });

  it("is the role the deployed function connects as", () => {
    const migration = readFileSync(join(PROJECT_ROOT, "prisma", "migrations", "20261122033000_read_only_role", "migration.sql"), "utf8");

    expect(migration).toContain(`CREATE ROLE ${READ_ONLY_ROLE} LOGIN`);
    expect(migration).toContain(`GRANT rds_iam TO ${READ_ONLY_ROLE}`);
  });
});
