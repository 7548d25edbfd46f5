import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MODULE_TESTS_FOLDER, staleFiles, writeModuleFolder } from "../../module-builder/module-folder";

describe("a module folder (module-builder/module-folder.ts)", () => {
  function moduleWithTests(): string {
    const folder = join(mkdtempSync(join(tmpdir(), "module-folder-")), "alert-topic");
    mkdirSync(join(folder, MODULE_TESTS_FOLDER), { recursive: true });
    mkdirSync(join(folder, "leftover"));
    writeFileSync(join(folder, "main.tf"), "# old\n");
    writeFileSync(join(folder, "gone.tf"), "# no longer rendered\n");
    writeFileSync(join(folder, MODULE_TESTS_FOLDER, "wiring.tftest.hcl"), "run \"plan\" {}\n");
    return folder;
  }

  it("is rewritten from its rendering, keeping its hand-written tests/ and dropping everything else", () => {
    const folder = moduleWithTests();

    writeModuleFolder(folder, new Map([["main.tf", "# new\n"]]));

    expect(readdirSync(folder).sort()).toEqual(["main.tf", MODULE_TESTS_FOLDER]);
    expect(readFileSync(join(folder, "main.tf"), "utf8")).toBe("# new\n");
    expect(readFileSync(join(folder, MODULE_TESTS_FOLDER, "wiring.tftest.hcl"), "utf8")).toBe('run "plan" {}\n');
  });

  it("is not stale because of its tests/", () => {
    const folder = moduleWithTests();
    writeModuleFolder(folder, new Map([["main.tf", "# new\n"]]));

    expect(staleFiles(folder, new Map([["main.tf", "# new\n"]]))).toEqual([]);
    expect(staleFiles(folder, new Map([["main.tf", "# newer\n"]]))).toEqual(["main.tf"]);
  });

  it("is created when it does not exist yet", () => {
    const folder = join(mkdtempSync(join(tmpdir(), "module-folder-")), "fresh");
    writeModuleFolder(folder, new Map([["main.tf", "# new\n"]]));
    expect(existsSync(join(folder, "main.tf"))).toBe(true);
  });
});
