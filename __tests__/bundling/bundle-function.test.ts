import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { bundleFunction } from "../../bundling/bundle-function";
import { bundleAllFunctions } from "../../bundling/functions";
import { PROJECT_ROOT } from "../support/project-copy";
import { invokeZippedHandlerCold } from "../../bundling/run-zipped-handler";

// Most tests here build all three functions (prisma-read is 2.6 MB), some twice: on a busy
// machine that takes well over jest's default 5 s.
jest.setTimeout(60_000);

const invokeZippedHandler = async (zipPath: string, event: unknown) => (await invokeZippedHandlerCold(zipPath, event)).response;

describe("bundleFunction", () => {
  const outdir = mkdtempSync(join(tmpdir(), "bundles-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("builds a minified ESM handler that runs from its zip alone", async () => {
    const { "mock-read": artifact } = bundleAllFunctions(PROJECT_ROOT, outdir);

    expect(Object.keys(unzipSync(readFileSync(artifact.zipPath)))).toEqual(["index.mjs"]);
    expect(await invokeZippedHandler(artifact.zipPath, { httpMethod: "GET", path: "/health", requestContext: { requestId: "r-1" } }))
      .toMatchObject({ statusCode: 200, body: '{"status":"ok"}', headers: { "x-request-id": "r-1" } });
  });

  it("lets bundled CommonJS dependencies require Node built-ins (the createRequire banner)", async () => {
    const artifact = bundleFunction({
      name: "cjs-fixture",
      entry: join(PROJECT_ROOT, "__tests__/fixtures/cjs-dependency/handler.ts"),
      outdir,
    });

    expect(await invokeZippedHandler(artifact.zipPath, {})).toEqual({ statusCode: 200, body: JSON.stringify("\n") });
  });

  it("takes Node built-ins from Node when first needed, importing none at the bundle's top but the banner's", async () => {
    const artifact = bundleFunction({ name: "esm-builtins", entry: join(PROJECT_ROOT, "__tests__/fixtures/esm-builtins/handler.ts"), outdir });
    const code = new TextDecoder().decode(unzipSync(readFileSync(artifact.zipPath))["index.mjs"]);

    expect([...code.matchAll(/from\s*"([^"]+)"/g)].map((match) => match[1])).toEqual(["node:module"]);
    expect(await invokeZippedHandler(artifact.zipPath, {})).toEqual({ statusCode: 200, body: JSON.stringify(["function", true, "\n"]) });
  });

  it("reports the zip's SHA-256 in base64, as Lambda's source_code_hash expects", () => {
    const { "mock-read": artifact } = bundleAllFunctions(PROJECT_ROOT, outdir);
    const { createHash } = jest.requireActual<typeof import("node:crypto")>("node:crypto");

    expect(artifact.sourceCodeHash).toBe(createHash("sha256").update(readFileSync(artifact.zipPath)).digest("base64"));
    expect(artifact.zipBytes).toBe(readFileSync(artifact.zipPath).byteLength);
  });

  it("gives the same zip when rebuilt with no source change", () => {
    const first = bundleAllFunctions(PROJECT_ROOT, join(outdir, "first"))["mock-read"];
    const second = bundleAllFunctions(PROJECT_ROOT, join(outdir, "second"))["mock-read"];

    expect(second.sourceCodeHash).toBe(first.sourceCodeHash);
  });

  it("keeps the source map out of the zip, with no absolute path in it", () => {
    const { "mock-read": artifact } = bundleAllFunctions(PROJECT_ROOT, outdir);
    const map = JSON.parse(readFileSync(artifact.sourceMapPath, "utf8")) as { sources: string[] };

    expect(map.sources.some((source) => source.endsWith("functions/mock-read/handler.ts"))).toBe(true);
    expect(map.sources.filter((source) => source.startsWith("/"))).toEqual([]);
  });

  it("names the entry when esbuild cannot build it", () => {
    expect(() => bundleFunction({ name: "missing", entry: join(outdir, "nope.ts"), outdir })).toThrow(/nope\.ts/);
  });
});
