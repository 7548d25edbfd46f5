// The module object itself (CommonJS), so that its exports can be replaced; see below.
import hclRender = require("cdktf/lib/hcl/render");
import { escapeTemplateLiterals } from "./hcl-text";

/**
 * Mends cdktf 0.21's HCL renderer (`new App({ hclOutput: true })`, `cdktf synth --hcl`), which is
 * archived and will not be fixed upstream. Its functions are called through the module's exports,
 * so wrapping those reaches every stack. Idempotent; the JSON output is untouched.
 *
 * A process-wide patch, so it is applied by whoever synthesizes HCL, once, before synth: the app
 * (main.ts), `npm run synth` (scripts/synth.ts) and the module renderer (module-builder), never by
 * a construct, so a cdktf app using the constructs keeps cdktf's renderer unless it asks for this.
 */
export function mendCdktfHclRendering(): void {
  if (mended) return;
  mended = true;
  mendRequiredVersion();
  for (const name of ["renderResource", "renderDatasource", "renderOutput", "renderLocals"] as const) {
    const render = hclRender[name] as (block: unknown) => unknown;
    (hclRender as Record<string, unknown>)[name] = (block: unknown) => render(escapeTemplateStrings(block));
  }
}
let mended = false;

/**
 * cdktf writes any plain attribute of the `terraform` block as `0 = "<name>"` (it renders the list
 * of names instead of the attributes), so `required_version` is written here. The renderer also
 * leaves empty lines where blocks it does not use would go.
 */
function mendRequiredVersion(): void {
  const renderTerraform = hclRender.renderTerraform;
  hclRender.renderTerraform = (block: Record<string, unknown>) => {
    const { required_version: requiredVersion, ...rest } = block;
    const hcl = renderTerraform(rest).replace(/\n{2,}/g, "\n");
    if (requiredVersion === undefined) return hcl;
    return hcl.replace(/^terraform \{\n/, `terraform {\n  required_version = ${JSON.stringify(requiredVersion)}\n`);
  };
}

/**
 * cdktf escapes the quotes of a string only when it holds no `${…}`: a JSON document with a
 * reference in it (a dashboard body listing alarm ARNs) came out as `"{"widgets":…}"`, which is not
 * HCL. Such strings are escaped here before cdktf renders them, which it then leaves alone.
 * Multi-line strings become heredocs, where quotes need no escape.
 */
function escapeTemplateStrings(value: unknown): unknown {
  if (typeof value === "string") return value.includes("${") && !/[\r\n]/.test(value) ? escapeTemplateLiterals(value) : value;
  // Copied only where something changed: most blocks hold no such string and go through as they are.
  if (Array.isArray(value)) {
    const items = value.map(escapeTemplateStrings);
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value);
    const escaped = entries.map(([key, entry]) => [key, escapeTemplateStrings(entry)] as const);
    return escaped.some(([, entry], index) => entry !== entries[index][1]) ? Object.fromEntries(escaped) : value;
  }
  return value;
}
