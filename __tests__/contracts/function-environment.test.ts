import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as contract from "../../contracts/function-environment";
import { PROJECT_ROOT } from "../support/project-copy";

/** Both sides of the contract: the stack's parts that set the variables and each function's settings that read them. */
const SIDES = [
  "stacks/read-path-functions.ts",
  "stacks/read-path-delivery.ts",
  "functions/mock-read/settings.ts",
  "functions/prisma-read/connection/settings.ts",
  "functions/canary-health-hook/settings.ts",
];

const names: string[] = Object.values(contract).flatMap((group) => Object.values(group));

describe("the functions' environment-variable contract (contracts/function-environment.ts)", () => {
  it("names each variable once", () => {
    expect(names.length).toBeGreaterThan(20);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(SIDES)("is the only place %s takes a variable's name from (no string literal, no bare key)", (file) => {
    const source = readFileSync(join(PROJECT_ROOT, file), "utf8");
    const written = names.filter((name) => new RegExp(`["'\`]${name}["'\`]|^\\s*${name}\\s*:`, "m").test(source));
    expect(written).toEqual([]);
  });
});
