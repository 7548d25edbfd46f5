import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFunction } from "../../bundling/bundle-function";
import { invokeZippedHandlerCold } from "../../bundling/run-zipped-handler";
import { PROJECT_ROOT } from "../support/project-copy";

jest.setTimeout(60_000);

describe("invokeZippedHandlerCold", () => {
  const outdir = mkdtempSync(join(tmpdir(), "cold-runs-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const nodeOptionsHandler = () =>
    bundleFunction({ name: "node-options", entry: join(PROJECT_ROOT, "__tests__/fixtures/node-options/handler.ts"), outdir }).zipPath;

  it("starts Node with the options given before its script, as an exec wrapper would", async () => {
    const { response } = await invokeZippedHandlerCold(nodeOptionsHandler(), {}, { nodeArguments: ["--liftoff-only", "--stack-size=2000"] });

    expect(JSON.parse((response as { body: string }).body)).toEqual(expect.arrayContaining(["--liftoff-only", "--stack-size=2000"]));
  });

  it("times the first response apart from the whole process: after init and the first call, no later than the exit", async () => {
    const run = await invokeZippedHandlerCold(nodeOptionsHandler(), {});

    expect(run.firstResponseMs).toBeGreaterThanOrEqual(run.importMs + run.firstRequestMs);
    expect(run.firstResponseMs).toBeLessThanOrEqual(run.processMs);
    expect(run.firstResponseCpuMs).toBeGreaterThan(0);
  });
});
