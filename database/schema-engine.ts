/**
 * Prisma's own schema engine, as WebAssembly: what `prisma migrate` runs natively, usable offline
 * and without the native binary (which the CLI downloads at start-up). It talks to PostgreSQL
 * through the same driver adapter the client uses.
 *
 * These are internal Prisma APIs: @prisma/schema-engine-wasm is pinned to the engine version of
 * the pinned prisma release, and __tests__/database exercises every call made here.
 */
import { readFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { SchemaEngine, type MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { SCHEMA_ENGINE_GLUE_MODULE } from "./schema-engine-file";

export type { MigrationList, SchemaEngine };
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The part of the WebAssembly API used here (this project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const { Module, Instance } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let instantiated = false;

/** Where the installed package keeps the engine's WebAssembly; a bundle ships it beside its code instead. */
export function installedSchemaEngineWasm(): string {
  return require.resolve(SCHEMA_ENGINE_GLUE_MODULE).replace(/\.js$/, ".wasm");
}

/**
 * The package's entry imports the .wasm file as an ES module, which Node cannot do without a
 * flag; this does the same wiring by hand, once per process.
 */
function instantiateEngine(wasmPath = installedSchemaEngineWasm()): void {
  if (instantiated) return;
  const imports: Record<string, unknown> = { ...engineGlue };
  // The engine arms timers (10 s timeouts) it never clears, which kept every command alive 10 s
  // after its work was done; unref'd, they fire only while something else keeps Node running.
  for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  const instance = new Instance(new Module(readFileSync(wasmPath)), { "./schema_engine_bg.js": imports });
  engineGlue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  instantiated = true;
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it at every ";" and sending the pieces
 * one by one: PL/pgSQL (`DO $$ … $$`) breaks, which `prisma migrate deploy` (the native engine)
 * runs fine, and a failure halfway leaves the first statements applied. PostgreSQL's simple query
 * protocol takes the whole script at once, dollar quotes and all, as one implicit transaction: so
 * scripts go that way, with the adapter's own error conversion.
 */
class WholeScriptPrismaPg extends PrismaPg {
  constructor(private readonly scriptPool: Pool) {
    super(scriptPool);
  }

  override async connect() {
    const adapter = await super.connect();
    const convertError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      await this.scriptPool.query(script).catch(convertError);
    };
    return adapter;
  }
}

export interface OpenSchemaEngine {
  readonly engine: SchemaEngine;
  /** Frees the engine and closes its connections. */
  close(): Promise<void>;
}

/** Where the engine's WebAssembly is, when not in node_modules (a bundle has none). */
export interface SchemaEngineLocation {
  /** @default - the installed @prisma/schema-engine-wasm package's file */
  readonly wasmPath?: string;
}

/** A schema engine for one database and one schema file. */
export async function openSchemaEngine(
  databaseUrl: string,
  schema: { path: string; content: string },
  location: SchemaEngineLocation = {},
): Promise<OpenSchemaEngine> {
  instantiateEngine(location.wasmPath);
  // Our own pool, so that close() can end it: freeing the engine leaves its connections open.
  const pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 10_000 });
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(new WholeScriptPrismaPg(pool));
  const engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, () => {}, adapterFactory);
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
