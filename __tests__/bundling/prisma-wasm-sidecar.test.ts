/**
 * The query compiler shim hands Prisma's generated client the wasm's bytes where it expects base64,
 * which holds only while the client decodes with Buffer.from(…, "base64"): the build checks it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertClientDecodesWithBuffer, PRISMA_QUERY_COMPILER_MODULE } from "../../bundling/prisma-wasm-sidecar";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "wasm-sidecar-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A generated client's loader of the query compiler, as Prisma writes it, decoding the module's `wasm` with `decode` (of `bytes`); `elsewhere` is more of the file. */
function client(decode: string, elsewhere = ""): string {
  const path = join(dir, "class.ts");
  writeFileSync(
    path,
    `${elsewhere}\nasync function decodeWasm(bytes: string): Promise<WebAssembly.Module> {\n  return new WebAssembly.Module(${decode})\n}\n\n` +
      `config.compilerWasm = {\n  getQueryCompilerWasmModule: async () => {\n    const { wasm } = await import("${PRISMA_QUERY_COMPILER_MODULE}")\n    return await decodeWasm(wasm)\n  },\n}\n`,
  );
  return path;
}

it("passes the generated client this project's Prisma generates, and one that decodes the wasm with Buffer.from", () => {
  const generated = join(__dirname, "../../prisma/generated/client/internal/class.ts");
  expect(readFileSync(generated, "utf8")).toContain(PRISMA_QUERY_COMPILER_MODULE);

  expect(() => assertClientDecodesWithBuffer([generated])).not.toThrow();
  expect(() => assertClientDecodesWithBuffer([client("Buffer.from(bytes, 'base64')")])).not.toThrow();
});

it("fails the build for a client whose wasm decoder is another, though Buffer.from(…, 'base64') decodes something else in the file", () => {
  const path = client("Uint8Array.fromBase64(bytes)", "const other = Buffer.from(text, 'base64')");

  expect(() => assertClientDecodesWithBuffer([path])).toThrow(`bundling: ${path} loads Prisma's query compiler without Buffer.from(…, "base64")`);
});

it("hands Buffer.from(…, 'base64') bytes it copies as they are", () => {
  const bytes = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

  expect(Buffer.from(bytes as unknown as string, "base64").equals(bytes)).toBe(true);
});

it("fails the build, naming the file, for a client that decodes the module another way", () => {
  const path = client("Uint8Array.fromBase64(bytes)");

  expect(() => assertClientDecodesWithBuffer([path])).toThrow(`bundling: ${path} loads Prisma's query compiler without Buffer.from(…, "base64")`);
});

it("fails the build when no input loads the query compiler's module", () => {
  const other = join(dir, "other.ts");
  writeFileSync(other, "export const unrelated = 1;\n");

  expect(() => assertClientDecodesWithBuffer([other])).toThrow(`no input imports ${PRISMA_QUERY_COMPILER_MODULE}`);
});
