/**
 * The local read API over real HTTP: the control, the flag file, the candidate in-process on the
 * test run's PostgreSQL, and the local token check standing in for Cognito.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SESSION_PATH, startDevServer, type DevServer } from "../../local/dev-server";
import { query, standardCreatorIds, testDatabaseUrl } from "../support/database";
import { LocalFlagSource } from "../../local/local-flag-source";

let server: DevServer;
let flagFile: string;
let creators: Array<{ id: string; token: string }>;
const folder = mkdtempSync(join(tmpdir(), "dev-server-"));

const setFlag = (values: Record<string, unknown>) => writeFileSync(flagFile, JSON.stringify({ prismaRead: values }));
const get = async (path: string, token?: string) => {
  const response = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, readPath: response.headers.get("x-read-path"), requestId: response.headers.get("x-request-id"), body: (await response.json()) as any };
};

beforeAll(async () => {
  flagFile = join(folder, "flag.json");
  setFlag({ enabled: true, mode: "all" });
  const ids = (await standardCreatorIds()).slice(0, 2);
  const rows = await query(testDatabaseUrl(), "SELECT id, handle FROM creators WHERE id = ANY($1::uuid[]) ORDER BY handle", [ids]);
  // recheckIntervalMs 0: every request looks at the file, so a flag written just before a request applies to it.
  server = await startDevServer({ port: 0, databaseUrl: testDatabaseUrl(), flags: new LocalFlagSource(flagFile, { recheckIntervalMs: 0 }), creators: rows.map((row) => ({ id: row.id, handle: row.handle })) });
  creators = (await get(SESSION_PATH)).body.creators;
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

it("hands out a token per seeded creator, and serves their reads through the control and the candidate", async () => {
  const [creator] = creators;

  const profile = await get(`/creators/${creator.id}`, creator.token);
  const [row] = await query(testDatabaseUrl(), "SELECT handle FROM creators WHERE id = $1", [creator.id]);

  expect(creators).toHaveLength(2);
  expect(profile).toMatchObject({ status: 200, readPath: "prisma", body: { id: creator.id, handle: row.handle } });
});

it("refuses a missing, forged or foreign token as API Gateway's authorizer does, and serves /health without one", async () => {
  const [creator, other] = creators;
  const forged = `${creator.token.slice(0, -4)}AAAA`;

  const responses = await Promise.all([get(`/creators/${creator.id}`), get(`/creators/${creator.id}`, forged), get(`/creators/${creator.id}`, other.token), get("/health")]);

  expect(responses.map((response) => [response.status, response.body.error?.code])).toEqual([
    [401, "UNAUTHORIZED"],
    [401, "UNAUTHORIZED"],
    [403, "FORBIDDEN"],
    [200, undefined],
  ]);
  expect(responses[0].requestId).toEqual(expect.any(String));
});

it("follows the flag file as it changes, through the control's own parser", async () => {
  const [creator] = creators;
  setFlag({ enabled: false });
  const off = await get(`/creators/${creator.id}/fans?limit=2`, creator.token);
  setFlag({ enabled: true, mode: "all" });
  const all = await get(`/creators/${creator.id}/fans?limit=2`, creator.token);

  expect([off.status, off.readPath]).toEqual([200, "mock"]);
  expect([all.status, all.readPath]).toEqual([200, "prisma"]);
  expect(all.body.items).toHaveLength(2);
});
