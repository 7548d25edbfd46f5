// Formats HCL files in place with hclwrite (@cdktf/hcl-tools, what `terraform fmt` runs), on its own
// thread: npm run synth starts it before cdktf synthesizes the HCL, so that loading the formatter's
// wasm runs beside that on a second core. Plain CommonJS: a worker gets no TypeScript loader.
const { parentPort } = require("node:worker_threads");
const { readFileSync, writeFileSync } = require("node:fs");
const { format } = require("@cdktf/hcl-tools");

parentPort.once("message", async (paths) => {
  try {
    for (const path of paths) {
      const formatted = await format(readFileSync(path, "utf8"));
      writeFileSync(path, `${formatted.trimEnd()}\n`);
    }
    parentPort.postMessage({ formatted: paths.length });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
