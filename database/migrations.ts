/**
 * Migrations in Prisma's own format (`prisma/migrations/<timestamp>_<name>/migration.sql`, a
 * `migration_lock.toml`, the `_prisma_migrations` table), so `prisma migrate deploy` works wherever
 * the native engine can be had. Each migration folder also keeps `schema.prisma`, the schema it
 * brings the database to: the next migration is the diff from that snapshot to the current schema.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";
import { Client } from "pg";
import { NO_FILTERS, openSchemaEngine, type MigrationList, type SchemaEngine, type SchemaEngineLocation } from "./schema-engine";

export const MIGRATION_FILE = "migration.sql";
export const SCHEMA_SNAPSHOT_FILE = "schema.prisma";
export const LOCK_FILE = "migration_lock.toml";
const LOCK_FILE_CONTENT = '# Written by npm run db:migration:create; Prisma reads it too.\nprovider = "postgresql"\n';
const MIGRATION_NAME = /^[a-z0-9_]{1,60}$/;
/**
 * A constant key for pg_advisory_lock ("huntaze" in ASCII): every runner takes it before migrating,
 * so two deploys never interleave their migrations.
 */
export const MIGRATION_LOCK_KEY = 0x68756e74617a65n;

export interface MigrationPaths {
  /** prisma/schema.prisma */
  readonly schemaPath: string;
  /** prisma/migrations */
  readonly migrationsDir: string;
}

/** Where a project keeps its schema and migrations: `prisma/schema.prisma`, `prisma/migrations`. */
export function projectMigrationPaths(projectRoot: string): MigrationPaths {
  return { schemaPath: join(projectRoot, "prisma", "schema.prisma"), migrationsDir: join(projectRoot, "prisma", "migrations") };
}

/** The migrations folder as the schema engine reads it, sorted by name. */
export function listMigrations(migrationsDir: string): MigrationList {
  const folders = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = join(migrationsDir, LOCK_FILE);
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCK_FILE, content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: folders.map((folder) => {
      const file = join(migrationsDir, folder, MIGRATION_FILE);
      return {
        path: folder,
        migrationFile: {
          path: MIGRATION_FILE,
          content: existsSync(file)
            ? { tag: "ok" as const, value: readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${folder} has no ${MIGRATION_FILE}` },
        },
      };
    }),
  };
}

/** How often a runner that finds the lock taken asks again. */
const LOCK_POLL_MS = 250;

/**
 * Holds PostgreSQL's advisory lock for the migration while `work` runs, on its own connection.
 *
 * A runner that finds the lock taken asks again every LOCK_POLL_MS rather than waiting inside
 * pg_advisory_lock(): a statement that waits keeps its snapshot open, and CREATE INDEX CONCURRENTLY
 * in the other runner's migration waits for every open snapshot to end. The two would wait for
 * each other through this process, where PostgreSQL's deadlock detector cannot see.
 */
async function withMigrationLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    while (!(await client.query("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK_KEY.toString()])).rows[0].locked) {
      await setTimeout(LOCK_POLL_MS);
    }
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY.toString()]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies every migration not yet in `_prisma_migrations`, in order; returns their names. `engine`
 * says where the engine's WebAssembly is when not in node_modules (the migrator's zip).
 */
export async function applyMigrations(databaseUrl: string, paths: MigrationPaths, engine: SchemaEngineLocation = {}): Promise<string[]> {
  const migrations = listMigrations(paths.migrationsDir);
  const broken = migrations.migrationDirectories.find((migration) => migration.migrationFile.content.tag === "error");
  if (broken) throw new Error(`migration ${broken.path} has no ${MIGRATION_FILE}`);
  return withMigrationLock(databaseUrl, async () => {
    const { engine: opened, close } = await openSchemaEngine(databaseUrl, readSchema(paths.schemaPath), engine);
    try {
      const { appliedMigrationNames } = await opened.applyMigrations({ migrationsList: migrations, filters: NO_FILTERS });
      return appliedMigrationNames;
    } finally {
      await close();
    }
  });
}

function readSchema(path: string): { path: string; content: string } {
  return { path: SCHEMA_SNAPSHOT_FILE, content: readFileSync(path, "utf8") };
}

/** The schema the last migration brings a database to, or undefined before the first one. */
export function lastSnapshot(migrationsDir: string): string | undefined {
  const last = listMigrations(migrationsDir).migrationDirectories.at(-1);
  if (!last) return undefined;
  const snapshot = join(migrationsDir, last.path, SCHEMA_SNAPSHOT_FILE);
  if (!existsSync(snapshot)) throw new Error(`migration ${last.path} has no ${SCHEMA_SNAPSHOT_FILE} snapshot to diff from`);
  return readFileSync(snapshot, "utf8");
}

/** The SQL the engine writes from one schema (or an empty database) to another, as it writes it. */
async function diffSchemas(engine: SchemaEngine, from: string | undefined, to: string): Promise<string> {
  const schemaFile = (content: string) => ({ tag: "schemaDatamodel" as const, files: [{ path: SCHEMA_SNAPSHOT_FILE, content }] });
  const { stdout } = await engine.diff({
    from: from === undefined ? { tag: "empty" } : schemaFile(from),
    to: schemaFile(to),
    script: true,
    exitCode: null,
    filters: NO_FILTERS,
  });
  return stdout ?? "";
}

/** The change from the last migration's snapshot to schema.prisma, or "" when they agree. */
async function pendingChange(engine: SchemaEngine, paths: MigrationPaths): Promise<string> {
  const sql = await diffSchemas(engine, lastSnapshot(paths.migrationsDir), readSchema(paths.schemaPath).content);
  return isEmptyMigration(sql) ? "" : sql;
}

/**
 * The SQL that takes a database from the last migration's schema to the current schema.prisma,
 * or "" when they agree. Both sides are schema files, but the engine still wants a server to
 * connect to.
 */
export async function pendingSchemaChange(databaseUrl: string, paths: MigrationPaths): Promise<string> {
  const { engine, close } = await openSchemaEngine(databaseUrl, readSchema(paths.schemaPath));
  try {
    return await pendingChange(engine, paths);
  } finally {
    await close();
  }
}

/** The engine writes a comment, not nothing, when there is no change. */
function isEmptyMigration(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

/** `20261122093000`: the UTC timestamp Prisma prefixes migration folders with. */
export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * Writes the next migration (SQL and schema snapshot) for the change since the last one; returns
 * its folder name, or undefined when schema.prisma has not changed.
 */
export async function createMigration(
  databaseUrl: string,
  paths: MigrationPaths,
  name: string,
  now = new Date(),
): Promise<string | undefined> {
  if (!MIGRATION_NAME.test(name)) {
    throw new Error(`migration name must be 1-60 characters of a-z, 0-9 and _, got "${name}"`);
  }
  const sql = await pendingSchemaChange(databaseUrl, paths);
  if (sql === "") return undefined;
  const folder = `${migrationTimestamp(now)}_${name}`;
  const last = listMigrations(paths.migrationsDir).migrationDirectories.at(-1)?.path;
  if (last !== undefined && folder <= last) throw new Error(`migration ${folder} would sort before ${last}: check the clock`);
  mkdirSync(join(paths.migrationsDir, folder), { recursive: true });
  writeFileSync(join(paths.migrationsDir, folder, MIGRATION_FILE), sql);
  writeFileSync(join(paths.migrationsDir, folder, SCHEMA_SNAPSHOT_FILE), readFileSync(paths.schemaPath, "utf8"));
  writeFileSync(join(paths.migrationsDir, LOCK_FILE), LOCK_FILE_CONTENT);
  return folder;
}

/** A migration whose SQL was edited by hand on purpose (a data fix, say) starts with this line. */
export const EDITED_MARKER = "-- huntaze:edited-by-hand";

/**
 * What is out of step between schema.prisma and the migrations: a schema change no migration holds
 * yet, or a migration whose SQL is not what its schema snapshot implies (edited by hand without
 * EDITED_MARKER, or a snapshot that does not match). Empty when they agree.
 *
 * The wasm engine cannot yet describe a live PostgreSQL through the driver adapter (it fails on
 * the catalogs' "char" columns), so migrations are checked against their snapshots, offline.
 */
export async function checkMigrations(serverUrl: string, paths: MigrationPaths): Promise<string[]> {
  const problems: string[] = [];
  const migrations = listMigrations(paths.migrationsDir).migrationDirectories;
  const { engine, close } = await openSchemaEngine(serverUrl, readSchema(paths.schemaPath));
  try {
    if ((await pendingChange(engine, paths)) !== "") {
      problems.push("schema.prisma has changes that no migration holds: run npm run db:migration:create -- <name>");
    }
    let previous: string | undefined;
    for (const migration of migrations) {
      const snapshotPath = join(paths.migrationsDir, migration.path, SCHEMA_SNAPSHOT_FILE);
      if (!existsSync(snapshotPath)) {
        problems.push(`migration ${migration.path} has no ${SCHEMA_SNAPSHOT_FILE} snapshot`);
        break;
      }
      const snapshot = readFileSync(snapshotPath, "utf8");
      const actual = migration.migrationFile.content.tag === "ok" ? migration.migrationFile.content.value : "";
      if (!actual.startsWith(EDITED_MARKER)) {
        if ((await diffSchemas(engine, previous, snapshot)).trim() !== actual.trim()) {
          problems.push(
            `migration ${migration.path} is not what its schema snapshot implies: edited by hand? ` +
              `If on purpose, start it with "${EDITED_MARKER}"`,
          );
        }
      }
      previous = snapshot;
    }
  } finally {
    await close();
  }
  return problems;
}
