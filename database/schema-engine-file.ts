/**
 * The schema engine's WebAssembly file, as @prisma/schema-engine-wasm ships it and as the migrator's
 * zip carries it beside index.mjs. Its own module so that bundling can name it without loading the
 * engine and its database driver.
 */
export const SCHEMA_ENGINE_WASM_FILE = "schema_engine_bg.wasm";
export const SCHEMA_ENGINE_GLUE_MODULE = "@prisma/schema-engine-wasm/schema_engine_bg";
