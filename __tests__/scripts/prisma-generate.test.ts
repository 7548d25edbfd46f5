import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runNode } from "../support/child-process";
import { copyProject } from "../support/project-copy";

/** `npm run db:generate`, in a copy of the project; Prisma's CLI says on stderr when it generated. */
async function generate(folder: string): Promise<{ generated: boolean }> {
  const result = await runNode([join(folder, "scripts", "run-ts.mjs"), "scripts/prisma-generate.ts"], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? "" },
    timeoutMs: 60_000,
  });
  if (result.code !== 0) throw new Error(`db:generate failed: ${result.stderr}`);
  return { generated: result.stderr.includes("Prisma schema loaded") };
}

describe("npm run db:generate", () => {
  const folder = copyProject("prisma-generate");
  const schema = join(folder, "prisma", "schema.prisma");
  const creatorModel = join(folder, "prisma", "generated", "client", "models", "Creator.ts");
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("generates the client once, then skips while the schema is unchanged, and again after a change", async () => {
    rmSync(join(folder, "prisma", "generated"), { recursive: true, force: true });

    expect(await generate(folder)).toEqual({ generated: true });
    expect(await generate(folder)).toEqual({ generated: false });

    writeFileSync(schema, readFileSync(schema, "utf8").replace("  deletedAt    DateTime?     @map(\"deleted_at\")", '  bio          String?\n  deletedAt    DateTime?     @map("deleted_at")'));
    expect(await generate(folder)).toEqual({ generated: true });
    expect(readFileSync(creatorModel, "utf8")).toContain("bio");
  }, 60_000);

  it("generates again when the generated client was removed or edited", async () => {
    rmSync(creatorModel);
    expect(await generate(folder)).toEqual({ generated: true });

    writeFileSync(creatorModel, "// edited by hand\n");
    expect(await generate(folder)).toEqual({ generated: true });
    expect(readFileSync(creatorModel, "utf8")).not.toContain("edited by hand");
  }, 60_000);
});
