import { Testing } from "cdktf";
import { loadAppConfig } from "../../config";
import { defineStacks } from "../../stacks/define-stacks";
import type { ReadPathStack } from "../../stacks/read-path-stack";
import type { BootstrapStack } from "../../stacks/bootstrap-stack";
import { fixtureBuild } from "./function-code";
import { synthesize, synthesizeWithMetadata, type TerraformJson } from "./synth";

export interface SynthesizedStack<T> {
  readonly stack: T;
  readonly json: TerraformJson;
  /** As `cdktf synth` writes it, with `//` metadata (and so accepted security exceptions). */
  readonly written: TerraformJson;
}

/** Every stack of the app, from the project's own config, synthesized with fixture code. */
export function synthesizeAppStacks(): {
  bootstrap: SynthesizedStack<BootstrapStack>;
  environments: Array<SynthesizedStack<ReadPathStack>>;
} {
  const { bootstrap, environments } = defineStacks(Testing.app(), loadAppConfig(), fixtureBuild());
  return {
    bootstrap: { stack: bootstrap, json: synthesize(bootstrap), written: synthesizeWithMetadata(bootstrap) },
    environments: environments.map((stack) => ({ stack, json: synthesize(stack), written: synthesizeWithMetadata(stack) })),
  };
}

/** One environment's stack as Terraform JSON (`prod`, `dev`…). */
export function synthesizeEnvironment(name: string): TerraformJson {
  const found = synthesizeAppStacks().environments.find(({ stack }) => stack.environment.name === name);
  if (!found) throw new Error(`no environment named ${name}`);
  return found.json;
}
