import type { ModuleStack } from "./module-stack";

/**
 * A reusable construct published as a plain Terraform module (terraform-modules/<name>/), for
 * estates that do not use cdktf. `npm run build:modules` renders it; tests keep the two in step.
 */
export interface ModuleDefinition {
  /** The module's folder, and (in identifier style) the prefix of its outputs. */
  readonly name: string;
  /** The construct it is made from, for the README. */
  readonly construct: string;
  /** What the module builds and why, in Markdown: the README's opening. */
  readonly summary: string;
  /** A `module` block calling it, for the README. */
  readonly usage: string;
  /** Declares the inputs, builds the construct from them, declares the outputs. */
  define(stack: ModuleStack): void;
  /**
   * Files the module ships beside its Terraform (a script its resources run), by name, built from
   * the project at `projectRoot`. Referred to in the module as `${path.module}/<name>`.
   */
  extraFiles?(projectRoot: string): ReadonlyMap<string, string>;
}
