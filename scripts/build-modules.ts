/**
 * `npm run build:modules`: renders each reusable construct as a plain Terraform module in
 * terraform-modules/<name>/ (variables, main, outputs, versions, README), for estates without cdktf.
 * `npm run build:modules -- --check` writes nothing and exits 1 when the committed modules are stale.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { danglingReferences, parseConfiguration } from "../module-builder/check-references";
import { MODULE_DEFINITIONS } from "../module-builder/definitions";
import { EXAMPLES_FOLDER, MODULES_FOLDER, staleFiles, writeModuleFolder } from "../module-builder/module-folder";
import { renderModule } from "../module-builder/render-module";

const PROJECT_ROOT = join(__dirname, "..");

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const modulesRoot = join(PROJECT_ROOT, MODULES_FOLDER);
  const problems: string[] = [];

  for (const definition of MODULE_DEFINITIONS) {
    const folder = join(modulesRoot, definition.name);
    const rendered = await renderModule(definition, PROJECT_ROOT);
    const dangling = await danglingReferences(await parseConfiguration(rendered));
    if (dangling.length > 0) throw new Error(`${definition.name}: references to nothing: ${dangling.join("; ")}`);

    const stale = staleFiles(folder, rendered);
    if (check) {
      if (stale.length > 0) problems.push(`${MODULES_FOLDER}/${definition.name}: ${stale.join(", ")}`);
    } else {
      writeModuleFolder(folder, rendered);
    }
    console.log(`${MODULES_FOLDER}/${definition.name}: ${stale.length === 0 ? "up to date" : check ? "STALE" : `wrote ${stale.join(", ")}`}`);
  }

  const known = new Set([...MODULE_DEFINITIONS.map((definition) => definition.name), EXAMPLES_FOLDER]);
  const orphans = readdirSync(modulesRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory() && !known.has(entry.name));
  for (const orphan of orphans) problems.push(`${MODULES_FOLDER}/${orphan.name}: no definition in module-builder/definitions (delete the folder)`);

  if (problems.length > 0) {
    console.error(`\n${check ? "Stale modules" : "Problems"}; run npm run build:modules and commit the result:\n  ${problems.join("\n  ")}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
