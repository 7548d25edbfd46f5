import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyProject, runScript } from "../support/project-copy";

describe("scripts/run-ts.mjs", () => {
  it("reuses its compiled file while the sources are unchanged, and recompiles when one an entry imports changes", async () => {
    const folder = copyProject("run-ts");
    try {
      mkdirSync(join(folder, "scratch-entry"), { recursive: true });
      writeFileSync(join(folder, "scratch-entry", "greeting.ts"), 'export const greeting = "hello";\n');
      writeFileSync(join(folder, "scratch-entry", "say.ts"), 'import { greeting } from "./greeting";\nconsole.log(greeting);\n');

      const compiled = join(folder, "dist", "bin", "say.cjs");
      const first = await runScript(folder, "scratch-entry/say.ts");
      const firstCompile = statSync(compiled).mtimeMs;
      const again = await runScript(folder, "scratch-entry/say.ts");
      const secondCompile = statSync(compiled).mtimeMs;
      // A different size, so the change shows whatever the file system's time resolution.
      writeFileSync(join(folder, "scratch-entry", "greeting.ts"), 'export const greeting = "bonjour!";\n');
      const changed = await runScript(folder, "scratch-entry/say.ts");

      expect([first, again, changed]).toEqual(["hello\n", "hello\n", "bonjour!\n"]);
      expect(secondCompile).toBe(firstCompile);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
