/**
 * The cdktf app, as `cdktf synth|diff|deploy` runs it (see cdktf.json). The CLI decides the output
 * directory and format; `npm run synth` (scripts/synth.ts) writes both JSON and HCL without the CLI.
 */
import { buildAll } from "./bundling/build";
import { loadAppConfig } from "./config";
import { ConfigError } from "./config/load";
import { synthesizeApp } from "./stacks/synthesize-app";
import { mendCdktfHclRendering } from "./synth/hcl-rendering";

// `cdktf synth --hcl` renders through cdktf's HCL renderer, which writes some of these stacks as invalid HCL.
mendCdktfHclRendering();
try {
  const config = loadAppConfig();
  synthesizeApp(config, buildAll(__dirname));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
