// Formats HCL files in place with hclwrite (@cdktf/hcl-tools, what `terraform fmt` runs), on its own
// thread: loading the formatter's wasm and formatting take about as long as synthesizing the JSON,
// so npm run synth does both at once on two cores. Plain CommonJS: a worker gets no TypeScript loader.
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
