import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CanaryFunction, type CanaryFunctionProps } from "../../constructs/canary-function";
import type { renderModule as RenderModule } from "../../module-builder/render-module";
import type { ModuleDefinition } from "../../module-builder/module-definition";
import { validCanaryFunctionProps } from "../support/canary-function-props";
import { PROJECT_ROOT } from "../support/project-copy";
import { stackWithAwsProvider, synthesize } from "../support/synth";

/**
 * CanaryFunction and the canary-function module, loaded afresh with one bound of
 * CANARY_FUNCTION_RULES changed: the one line a maintainer would edit.
 */
function loadWithRules(change: (rules: Record<string, object>) => void) {
  let loaded: {
    CanaryFunction: typeof import("../../constructs/canary-function").CanaryFunction;
    stackWithAwsProvider: typeof import("../support/synth").stackWithAwsProvider;
    synthesize: typeof import("../support/synth").synthesize;
    canaryFunctionModule: ModuleDefinition;
    renderModule: typeof RenderModule;
  };
  jest.isolateModules(() => {
    const actual = jest.requireActual<typeof import("../../constructs/canary-function-rules")>("../../constructs/canary-function-rules");
    const rules = JSON.parse(JSON.stringify(actual.CANARY_FUNCTION_RULES));
    change(rules);
    jest.doMock("../../constructs/canary-function-rules", () => ({ ...actual, CANARY_FUNCTION_RULES: rules }));
    loaded = {
      CanaryFunction: require("../../constructs/canary-function").CanaryFunction,
      stackWithAwsProvider: require("../support/synth").stackWithAwsProvider,
      synthesize: require("../support/synth").synthesize,
      canaryFunctionModule: require("../../module-builder/definitions/canary-function").canaryFunctionModule,
      renderModule: require("../../module-builder/render-module").renderModule,
    };
  });
  return loaded!;
}

/** A CanaryFunction built with the loaded modules, in a stack of its own; returns the stack's Terraform JSON. */
function construct(loaded: ReturnType<typeof loadWithRules>, overrides: Partial<CanaryFunctionProps> = {}) {
  const stack = loaded.stackWithAwsProvider();
  new loaded.CanaryFunction(stack, "read", { ...validCanaryFunctionProps(), ...overrides });
  return loaded.synthesize(stack);
}

/** The `variable "<name>" { … }` block of the module's variables.tf. */
function variableBlock(variablesTf: string, name: string): string {
  const start = variablesTf.indexOf(`variable "${name}" {`);
  if (start < 0) throw new Error(`variables.tf declares no ${name}`);
  return variablesTf.slice(start, variablesTf.indexOf("\n}\n", start) + 2);
}

describe("CanaryFunction's rules (canary-function-rules.ts): one line changes the construct and its module", () => {
  afterEach(() => jest.dontMock("../../constructs/canary-function-rules"));

  it("a higher memory ceiling: the construct accepts what it refused, and the module's validation and message follow", async () => {
    // As committed (the modules' staleness test keeps variables.tf equal to a fresh rendering).
    expect(() => construct({ CanaryFunction, stackWithAwsProvider, synthesize } as ReturnType<typeof loadWithRules>, { memorySizeMb: 12_288 })).toThrow(
      "read: memorySizeMb must be a whole number from 128 to 10240, got 12288",
    );
    const committed = readFileSync(join(PROJECT_ROOT, "terraform-modules", "canary-function", "variables.tf"), "utf8");
    expect(variableBlock(committed, "memory_size_mb")).toContain("var.memory_size_mb <= 10240");

    const after = loadWithRules((rules) => Object.assign(rules.memorySizeMb, { max: 12_288 }));
    expect(() => construct(after, { memorySizeMb: 12_288 })).not.toThrow();
    expect(() => construct(after, { memorySizeMb: 12_289 })).toThrow("read: memorySizeMb must be a whole number from 128 to 12288, got 12289");
    const memory = variableBlock((await after.renderModule(after.canaryFunctionModule, PROJECT_ROOT)).get("variables.tf")!, "memory_size_mb");
    expect(memory).toContain("var.memory_size_mb <= 12288");
    expect(memory).toContain('"memory_size_mb must be a whole number from 128 to 12288."');
  }, 60_000);

  it("a new default retention: the construct's log group and the module's input default follow", async () => {
    const after = loadWithRules((rules) => Object.assign(rules.logRetentionInDays, { default: 90 }));
    const json = construct(after);
    expect(Object.values(json.resource!.aws_cloudwatch_log_group)[0]).toMatchObject({ retention_in_days: 90 });
    const retention = variableBlock((await after.renderModule(after.canaryFunctionModule, PROJECT_ROOT)).get("variables.tf")!, "log_retention_in_days");
    expect(retention).toMatch(/default\s+=\s+90\n/);
  }, 60_000);
});
