import { runNode } from "../support/child-process";
import { standardCreatorIds, testDatabaseUrl } from "../support/database";
import { PROJECT_ROOT } from "../support/project-copy";
import { join } from "node:path";

const explain = (args: string[], environment: Record<string, string>) =>
  runNode([join(PROJECT_ROOT, "scripts", "run-ts.mjs"), "scripts/db-explain.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", ...environment },
    timeoutMs: 60_000,
  });

describe("npm run db:explain", () => {
  it("serves the request as the creator in its path and prints each statement's plan", async () => {
    const [creator] = await standardCreatorIds();

    const run = await explain([`/creators/${creator}/fans?tier=VIP&limit=5`], { DATABASE_URL: testDatabaseUrl() });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`GET /creators/${creator}/fans?tier=VIP&limit=5 → 200 (as creator ${creator})`);
    expect(run.stdout).toContain("-- statement 1 of 1");
    expect(run.stdout).toMatch(/indexes: fans_creator_tier_page_idx/);
  });

  it("says how to call it when DATABASE_URL or the path is missing", async () => {
    const withoutDatabase = await explain(["/health"], {});
    const withoutPath = await explain([], { DATABASE_URL: testDatabaseUrl() });

    for (const run of [withoutDatabase, withoutPath]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/usage: DATABASE_URL=postgresql:\/\/… npm run db:explain -- /);
    }
  });
});
