/**
 * The local read API in the migration's first and last phases, over real HTTP on the test run's
 * PostgreSQL: shadow (the control serves, and the candidate's shadow handler serves a sample again
 * in the dark, after the answer) and direct (no control in the path).
 */
// First: the candidate's shadow metrics (EMF lines) would otherwise print among the test results.
import "../support/quiet-metrics";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ShadowReadResult } from "../../contracts/shadow-read";
import { DIRECT_READ_PATH, SESSION_PATH, startDevServer, type DevServer } from "../../local/dev-server";
import { LocalFlagSource } from "../../local/local-flag-source";
import { query, standardCreatorIds, testDatabaseUrl } from "../support/database";
import { mark, waitFor } from "../support/local-read-path";

const folder = mkdtempSync(join(tmpdir(), "dev-server-phases-"));
const flagFile = join(folder, "flag.json");
let creators: Array<{ id: string; handle: string }>;
let server: DevServer | undefined;

const setFlag = (values: Record<string, unknown>) => writeFileSync(flagFile, JSON.stringify({ prismaRead: values }));

beforeAll(async () => {
  const ids = (await standardCreatorIds()).slice(0, 2);
  creators = (await query(testDatabaseUrl(), "SELECT id, handle FROM creators WHERE id = ANY($1::uuid[]) ORDER BY handle", [ids])).map((row) => ({ id: row.id, handle: row.handle }));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function start(options: { direct?: boolean; onShadowRead?: (result: ShadowReadResult) => void; extraCreators?: Array<{ id: string; handle: string }> }) {
  const { extraCreators = [], ...serverOptions } = options;
  // recheckIntervalMs 0: every request looks at the file, so a flag written just before a request applies to it.
  server = await startDevServer({
    port: 0,
    databaseUrl: testDatabaseUrl(),
    flags: new LocalFlagSource(flagFile, { recheckIntervalMs: 0 }),
    creators: [...creators, ...extraCreators],
    ...serverOptions,
  });
  const session = (await (await fetch(`${server.url}${SESSION_PATH}`)).json()) as { creators: Array<{ id: string; token: string }> };
  const get = async (path: string, token?: string) => {
    const response = await fetch(`${server!.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, readPath: response.headers.get("x-read-path"), body: (await response.json()) as any, answered: mark() };
  };
  return { get, tokens: session.creators };
}

it("in shadow mode serves every read from the control, then hands the sampled reads to the candidate, which serves them in the dark and compares contracts", async () => {
  setFlag({ enabled: true, mode: "shadow", percentage: 100 });
  const shadowReads: Array<ShadowReadResult & { at: number }> = [];
  const { get, tokens } = await start({ onShadowRead: (result) => shadowReads.push({ ...result, at: mark() }) });
  const [creator] = tokens;

  const fans = await get(`/creators/${creator.id}/fans?limit=3`, creator.token);
  const profile = await get(`/creators/${creator.id}`, creator.token);
  const foreign = await get(`/creators/${tokens[1].id}`, creator.token);
  await waitFor("three shadow reads", () => shadowReads.length === 3);

  expect([fans, profile, foreign].map((response) => [response.status, response.readPath])).toEqual([
    [200, "mock"],
    [200, "mock"],
    [403, "mock"],
  ]);
  // The control's own data: the mock's handle, not the database's.
  expect(profile.body.handle).toBe(`creator-${creator.id.slice(0, 8)}`);
  expect(shadowReads.map(({ route, statusCode, failed, mismatches }) => ({ route, statusCode, failed, mismatches })).sort((a, b) => `${a.route} ${a.statusCode}`.localeCompare(`${b.route} ${b.statusCode}`))).toEqual([
    { route: "creator", statusCode: 200, failed: false, mismatches: [] },
    { route: "creator", statusCode: 403, failed: false, mismatches: [] },
    { route: "fans", statusCode: 200, failed: false, mismatches: [] },
  ]);
  // Each shadow read is served after its caller's answer was written: the first one after the first answer.
  expect(Math.min(...shadowReads.map((read) => read.at))).toBeGreaterThan(fans.answered);
});

it("in shadow mode reports a candidate whose answer drifts from the control's, by route and kind, while the caller gets the control's answer", async () => {
  setFlag({ enabled: true, mode: "shadow", percentage: 100 });
  const shadowReads: ShadowReadResult[] = [];
  // A creator the mock knows (every well-formed id exists there) and PostgreSQL does not.
  const unknown = { id: "0192f0e4-1f2a-7c3b-8d4e-0000000f00d5", handle: "not-in-postgres" };
  const { get, tokens } = await start({ onShadowRead: (result) => shadowReads.push(result), extraCreators: [unknown] });
  const token = tokens.find((creator) => creator.id === unknown.id)!.token;

  const profile = await get(`/creators/${unknown.id}`, token);
  await waitFor("the shadow read", () => shadowReads.length > 0);

  expect([profile.status, profile.readPath]).toEqual([200, "mock"]);
  expect(shadowReads).toEqual([{ route: "creator", statusCode: 404, failed: false, mismatches: [{ kind: "status", path: "$", control: "200", candidate: "404" }] }]);
});

it("in shadow mode leaves the health check and anonymous calls out of the sample", async () => {
  setFlag({ enabled: true, mode: "shadow", percentage: 100 });
  const shadowReads: ShadowReadResult[] = [];
  const { get, tokens } = await start({ onShadowRead: (result) => shadowReads.push(result) });
  const [creator] = tokens;

  const health = await get("/health");
  const anonymous = await get(`/creators/${creator.id}`);
  await get(`/creators/${creator.id}/fans?limit=1`, creator.token);
  await waitFor("the sampled read's shadow", () => shadowReads.length > 0);

  expect([health.status, anonymous.status]).toEqual([200, 401]);
  expect(shadowReads.map((read) => read.route)).toEqual(["fans"]);
});

it("in the direct phase serves every read from the candidate, with no control in the path, whatever the flag file says", async () => {
  setFlag({ enabled: false });
  const { get, tokens } = await start({ direct: true });
  const [creator] = tokens;

  const profile = await get(`/creators/${creator.id}`, creator.token);
  const health = await get("/health");
  const anonymous = await get(`/creators/${creator.id}`);

  expect([profile.status, profile.readPath]).toEqual([200, DIRECT_READ_PATH]);
  expect(profile.body.handle).toBe(creators.find((row) => row.id === creator.id)!.handle);
  expect([health.status, health.readPath]).toEqual([200, DIRECT_READ_PATH]);
  expect([anonymous.status, anonymous.body.error.code]).toEqual([401, "UNAUTHORIZED"]);
});
