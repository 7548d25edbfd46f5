// Preloaded into every Node process a measured command runs (NODE_OPTIONS=--require=…, so npm and
// the scripts it starts alike): on exit, each writes its peak resident memory into the folder
// named by BENCH_USAGE_DIR, one file per process, so the parent can report the largest without a
// platform-specific tool.
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");

process.on("exit", () => {
  const folder = process.env.BENCH_USAGE_DIR;
  if (folder) writeFileSync(join(folder, `${process.pid}.json`), JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
