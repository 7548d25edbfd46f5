import { App } from "cdktf";
// The module object itself (CommonJS), so that its export can be replaced; see below.
import tokenStackTraces = require("cdktf/lib/tokens/private/stack-trace");
import type { AppConfig } from "../config";
import type { BuildArtifacts } from "../bundling/build";
import { defineStacks } from "./define-stacks";

export interface SynthesisOptions {
  /** @default - CDKTF_OUTDIR when the cdktf CLI runs the app, else "cdktf.out" */
  readonly outdir?: string;
  /** @default - SYNTH_HCL_OUTPUT when the cdktf CLI runs the app (`cdktf synth --hcl`), else JSON */
  readonly hclOutput?: boolean;
}

const HCL_OUTPUT_VARIABLE = "SYNTH_HCL_OUTPUT";

/**
 * `stackTraces: false` keeps stack traces out of construct metadata, but cdktf still captures a
 * full, unlimited-depth trace for every token it creates (each reference between resources), only
 * to quote it if that token later fails to resolve: about 0.2 s of a 1.5 s synth here. The same
 * choice is applied to tokens: their creation stack is left empty. Set CDKTF_TOKEN_STACK_TRACES=1
 * when a token error needs the trace.
 */
function dropTokenStackTraces(): void {
  if (process.env.CDKTF_TOKEN_STACK_TRACES === "1") return;
  (tokenStackTraces as { captureStackTrace: () => string[] }).captureStackTrace = () => [];
}

/** Synthesizes every stack of the app into one output directory. */
export function synthesizeApp(config: AppConfig, artifacts: BuildArtifacts, options: SynthesisOptions = {}): App {
  // cdktf 0.21 names the file after App's hclOutput option, but each stack picks its format from
  // this variable when it is constructed: without it, `hclOutput: true` writes JSON into cdk.tf.
  const inherited = process.env[HCL_OUTPUT_VARIABLE];
  if (options.hclOutput !== undefined) process.env[HCL_OUTPUT_VARIABLE] = String(options.hclOutput);
  dropTokenStackTraces();
  try {
    // Stack traces in metadata would record this checkout's absolute paths and break reproducibility.
    const app = new App({ outdir: options.outdir, stackTraces: false });
    defineStacks(app, config, artifacts);
    app.synth();
    return app;
  } finally {
    if (inherited === undefined) delete process.env[HCL_OUTPUT_VARIABLE];
    else process.env[HCL_OUTPUT_VARIABLE] = inherited;
  }
}
