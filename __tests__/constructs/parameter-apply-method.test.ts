/**
 * A DB parameter at the engine's default goes as pending-reboot (as RDS reports it), any other as
 * immediate; where the value is a module's input, Terraform decides at plan.
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { applyMethodAtEngineDefault, forceSslIsEngineDefault, logMinDurationIsEngineDefault } from "../../constructs/parameter-apply-method";

it("sends a parameter at the engine's default as pending-reboot and any other as immediate, when the value is known at synth", () => {
  expect(applyMethodAtEngineDefault(forceSslIsEngineDefault("17"))).toBe("pending-reboot");
  expect(applyMethodAtEngineDefault(forceSslIsEngineDefault("15"))).toBe("pending-reboot");
  expect(applyMethodAtEngineDefault(forceSslIsEngineDefault("14"))).toBe("immediate");
  expect(applyMethodAtEngineDefault(logMinDurationIsEngineDefault(-1))).toBe("pending-reboot");
  expect(applyMethodAtEngineDefault(logMinDurationIsEngineDefault(500))).toBe("immediate");
});

it("leaves the choice to Terraform when the value is a module's input", () => {
  const stack = new TerraformStack(Testing.app() as App, "module");
  const majorVersion = new TerraformVariable(stack, "major_version", { type: "string" }).stringValue;
  const slowMs = new TerraformVariable(stack, "slow_ms", { type: "number" }).numberValue;
  new TerraformOutput(stack, "force_ssl", { value: applyMethodAtEngineDefault(forceSslIsEngineDefault(majorVersion)) });
  new TerraformOutput(stack, "slow", { value: applyMethodAtEngineDefault(logMinDurationIsEngineDefault(slowMs)) });

  const outputs = JSON.parse(Testing.synth(stack)).output as Record<string, { value: string }>;

  expect(outputs.force_ssl.value).toBe('${(tonumber(var.major_version) >= 15) ? "pending-reboot" : "immediate"}');
  expect(outputs.slow.value).toBe('${(var.slow_ms == -1) ? "pending-reboot" : "immediate"}');
});
