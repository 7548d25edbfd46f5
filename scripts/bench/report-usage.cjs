// Preloaded (`node -r`) into a measured process: on exit, writes its peak resident memory to the
// file named by BENCH_USAGE_FILE, so the parent can report it without a platform-specific tool.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (file) writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
});
