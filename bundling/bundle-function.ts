import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { buildSync, version as esbuildVersion, type BuildOptions } from "esbuild";
import { buildUnlessUnchanged, recipeOf } from "./build-cache";
import { builtinModuleAliases } from "./builtin-module-shims";
import { deterministicZip } from "./deterministic-zip";
import {
  assertClientDecodesWithBuffer,
  prismaQueryCompilerWasm,
  prismaQueryCompilerWasmSource,
  prismaWasmAlias,
  PRISMA_WASM_FILE,
  usesPrismaWasmShim,
} from "./prisma-wasm-sidecar";

/** Node.js 22 is the Lambda runtime (nodejs22.x) the functions run on. */
export const LAMBDA_NODE_TARGET = "node22";
export const HANDLER_FILE = "index.mjs";

/**
 * The generated Prisma client is ESM, so bundles are ESM; CommonJS dependencies bundled into them
 * still call `require`, which ESM lacks. The banner gives them one.
 */
const CREATE_REQUIRE_BANNER =
  'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);';

export interface BundleFunctionOptions {
  /** The function's name, which names its build folder (`mock-read`). */
  readonly name: string;
  /** The handler's entry file; it exports `handler`. */
  readonly entry: string;
  /** Where the zip and source map are written: `<outdir>/<name>/`. */
  readonly outdir: string;
  /**
   * Packages left to the Lambda runtime instead of bundled, as esbuild `external` patterns.
   * @default - none: everything is bundled, so the code runs on the versions it was tested with
   */
  readonly external?: readonly string[];
  /**
   * Files that decide how bundles are made but are not read by esbuild: the bundling code, the lock
   * file. A change to any of them rebuilds the function instead of reusing its last zip.
   * @default - none
   */
  readonly recipeFiles?: readonly string[];
  /**
   * Files shipped in the zip as they are, by their path in the zip (`prisma/schema.prisma`): data
   * the handler reads at run time, such as the migrator's migrations. Each is an input of the build.
   * @default - none
   */
  readonly files?: Readonly<Record<string, string>>;
}

/** A bundled, zipped handler, ready to deploy. */
export interface FunctionArtifact {
  readonly name: string;
  /** The zip, as Lambda's `filename`. */
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip, as Lambda's `source_code_hash`: it changes only when the code does. */
  readonly sourceCodeHash: string;
  /** The unzipped size of what is deployed: the bundle and its sidecar files. */
  readonly bundleBytes: number;
  readonly zipBytes: number;
  /** The source map, beside the zip and not deployed in it (it would double the cold-start load). */
  readonly sourceMapPath: string;
  /** True when nothing the zip is made from had changed, so the last build's zip was kept. */
  readonly reused: boolean;
}

/** A bundle: its code, source map, and the files that must ship beside it. */
export interface EsmBundle {
  readonly code: Uint8Array;
  readonly map: Uint8Array;
  /** By name in the bundle's folder: Prisma's query compiler wasm when the code uses Prisma. */
  readonly sidecars: Readonly<Record<string, Uint8Array>>;
  /** Absolute paths of every file the bundle was made from, sidecar sources included. */
  readonly inputs: readonly string[];
}

export interface BundleEsmOptions {
  /**
   * Built-in modules reached through `process.getBuiltinModule` when first needed, not imported
   * at the top of the bundle (see builtin-module-shims.ts). Needs Node 20.16 or 22.3 and later.
   * @default false
   */
  readonly builtinModulesOnDemand?: boolean;
}

/**
 * One minified ESM file with every dependency inside, and its source map: how both handlers and
 * the deploy script are built. Only shims are written (into the build folder); the caller decides
 * where the bundle's bytes go.
 */
export function bundleEsm(
  entry: string,
  outfile: string,
  target: string,
  external: readonly string[] = [],
  options: BundleEsmOptions = {},
): EsmBundle {
  // The metafile's input paths are relative to this folder.
  const workingDir = process.cwd();
  const buildOptions: BuildOptions = {
    entryPoints: [entry],
    absWorkingDir: workingDir,
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target,
    mainFields: ["module", "main"],
    minify: true,
    sourcemap: "external",
    // Paths in the map are relative to the build folder: the same in every checkout.
    sourceRoot: "",
    legalComments: "none",
    banner: { js: CREATE_REQUIRE_BANNER },
    external: [...external],
    alias: { ...(options.builtinModulesOnDemand ? builtinModuleAliases(dirname(outfile)) : {}), ...prismaWasmAlias(dirname(outfile)) },
    metafile: true,
    write: false,
    logLevel: "silent",
  };
  const result = buildSync(buildOptions);
  const outputFiles = result.outputFiles ?? [];
  const code = outputFiles.find((file) => basename(file.path) === basename(outfile));
  const map = outputFiles.find((file) => basename(file.path) === `${basename(outfile)}.map`);
  if (!code || !map) throw new Error(`bundling ${entry}: esbuild produced no ${basename(outfile)}`);
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((input) => resolve(workingDir, input));
  if (!usesPrismaWasmShim(inputs)) return { code: code.contents, map: map.contents, sidecars: {}, inputs };
  assertClientDecodesWithBuffer(inputs);
  return {
    code: code.contents,
    map: map.contents,
    sidecars: { [PRISMA_WASM_FILE]: prismaQueryCompilerWasm(entry) },
    inputs: [...inputs, prismaQueryCompilerWasmSource(entry)],
  };
}

/**
 * Bundles and zips a handler into `<outdir>/<name>/`, or keeps the zip already there when nothing it
 * is made from has changed (see build-cache.ts): same inputs, same bytes, so reuse is safe.
 */
export function bundleFunction(options: BundleFunctionOptions): FunctionArtifact {
  const functionDir = join(options.outdir, options.name);
  const zipPath = join(functionDir, `${options.name}.zip`);
  const sourceMapPath = join(functionDir, `${HANDLER_FILE}.map`);
  const external = options.external ?? [];
  const files = options.files ?? {};
  // The zip names of shipped files are part of the recipe: a file added under a new name (a new
  // migration) rebuilds the zip although no file read before has changed.
  const recipe = recipeOf(
    { esbuild: esbuildVersion, target: LAMBDA_NODE_TARGET, external: external.join(","), files: Object.keys(files).sort().join(",") },
    options.recipeFiles,
  );

  const { details, reused } = buildUnlessUnchanged(join(functionDir, "build-record.json"), recipe, () => {
    // A handler's init is its cold start; the Lambda runtime's Node has process.getBuiltinModule.
    const { code, map, sidecars, inputs } = bundleEsm(options.entry, join(functionDir, HANDLER_FILE), LAMBDA_NODE_TARGET, external, {
      builtinModulesOnDemand: true,
    });
    const shipped = Object.fromEntries(Object.entries(files).map(([name, path]) => [name, new Uint8Array(readFileSync(path))]));
    mkdirSync(functionDir, { recursive: true });
    writeFileSync(zipPath, deterministicZip({ [HANDLER_FILE]: code, ...sidecars, ...shipped }));
    writeFileSync(sourceMapPath, map);
    const bundleBytes = [code, ...Object.values(sidecars), ...Object.values(shipped)].reduce((total, file) => total + file.byteLength, 0);
    return { inputs: [...inputs, ...Object.values(files)], outputs: [zipPath, sourceMapPath], details: { bundleBytes } };
  });

  const zip = readFileSync(zipPath);
  return {
    name: options.name,
    zipPath,
    sourceCodeHash: createHash("sha256").update(zip).digest("base64"),
    bundleBytes: details.bundleBytes,
    zipBytes: zip.byteLength,
    sourceMapPath,
    reused,
  };
}
