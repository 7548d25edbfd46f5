import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDatabase, STANDARD_SEED } from "../../database/seed";
import { LocalFlagSource } from "../../local/local-flag-source";
import { runNode } from "./child-process";
import { freshDatabase, whileMigrating } from "./database";
import { PROJECT_ROOT } from "./project-copy";

/**
 * A database of its own on the test server, migrated by `npm run db:migrate`'s script and seeded
 * small: for local-run tests that break or must watch the database while nothing else changes it.
 */
export async function seededDatabaseOfItsOwn(label: string): Promise<{ url: string; creators: Array<{ id: string; handle: string }> }> {
  const url = await freshDatabase(label);
  const migrated = await whileMigrating(() =>
    runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/db-migrate.ts"], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: url },
      timeoutMs: 60_000,
    }),
  );
  if (migrated.code !== 0) throw new Error(migrated.stderr);
  const { creatorIds, handles } = await seedDatabase(url, { ...STANDARD_SEED, fansPerCreator: [300, 200, 100], handlePrefix: label });
  // The standard seed's last creator is soft-deleted: it has no session.
  return { url, creators: creatorIds.slice(0, -1).map((id, index) => ({ id, handle: handles[index] })) };
}

/** The local run's flag source, reading a file (in a folder of its own under the system's temp) that holds `values`. */
export function flagFileSource(values: Record<string, unknown>): LocalFlagSource {
  const file = join(mkdtempSync(join(tmpdir(), "flag-")), "flag.json");
  writeFileSync(file, JSON.stringify({ prismaRead: values }));
  return new LocalFlagSource(file);
}

/**
 * The order of events in a fault test, with no clock: each call returns the next number. A read
 * records one when it is sent and one when its answer is in; the scenario marks its own steps
 * (stopped, repaired), so a test can say "sent after the stop, answered before the restart"
 * however slow a busy machine makes each step.
 */
let lastEvent = 0;
export const mark = (): number => (lastEvent += 1);

/** One request made while under load, as its caller saw it. */
export interface Observation {
  /** mark() just before it was sent. */
  readonly sent: number;
  /** mark() once its answer was read. */
  readonly answered: number;
  readonly path: string;
  readonly status: number;
  /** The x-read-path header: mock, prisma or prisma-fallback. */
  readonly readPath: string | null;
}

export interface LoadPlan {
  readonly serverUrl: string;
  /** Creators with tokens, from /_local/session. */
  readonly creators: ReadonlyArray<{ readonly id: string; readonly token: string }>;
  /** The paths each client cycles through, for a creator. */
  readonly paths: (creatorId: string) => string[];
  /** How many clients read at once, each sending its next request when the last is answered. */
  readonly clients: number;
}

/**
 * Reads through the local server with `clients` concurrent callers while `during` runs (the fault
 * and its repair), and returns what every caller saw.
 */
export async function readUnderLoad(plan: LoadPlan, during: () => Promise<void>): Promise<Observation[]> {
  const observations: Observation[] = [];
  let loading = true;
  const clients = Array.from({ length: plan.clients }, async (_, client) => {
    for (let turn = client; loading; turn += 1) {
      const creator = plan.creators[turn % plan.creators.length];
      const paths = plan.paths(creator.id);
      observations.push(await readOnce(plan.serverUrl, paths[turn % paths.length], creator.token));
    }
  });
  try {
    await during();
  } finally {
    loading = false;
    await Promise.all(clients);
  }
  return observations;
}

export async function readOnce(serverUrl: string, path: string, token: string): Promise<Observation> {
  const sent = mark();
  const response = await fetch(`${serverUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return { sent, answered: mark(), path, status: response.status, readPath: response.headers.get("x-read-path") };
}

/** Gives the scenario's fault time to meet reads; no assertion depends on how long it really took. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once `condition` holds, checking every 20 ms: a scenario waits for the event it needs
 * (a lock waited on, a fallback served) rather than for a time it guesses. `limitMs` only turns a
 * condition that never comes into a failure naming it instead of a test that hangs.
 */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const giveUpAt = performance.now() + limitMs;
  while (!(await condition())) {
    if (performance.now() > giveUpAt) throw new Error(`gave up waiting for ${what} after ${limitMs / 1000} s`);
    await pause(20);
  }
}
