import { rmSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { copyProject, readTree, runScript } from "../support/project-copy";

describe("npm run synth", () => {
  const folders = [copyProject("synth-a"), copyProject("synth-b")];
  let outputs: Array<Map<string, Buffer>>;
  let printed: string;

  beforeAll(async () => {
    const stdouts = await Promise.all(folders.map((folder) => runScript(folder, "scripts/synth.ts")));
    printed = stdouts[0];
    outputs = folders.map((folder) => readTree(join(folder, "cdktf.out")));
  }, 120_000);

  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("writes every stack as Terraform JSON and as formatted HCL", () => {
    const stacks = ["huntaze-bootstrap", "huntaze-dev", "huntaze-staging", "huntaze-prod"];

    for (const stack of stacks) {
      expect(outputs[0].has(`stacks/${stack}/cdk.tf.json`)).toBe(true);
      const hcl = outputs[0].get(`hcl/stacks/${stack}/cdk.tf`)?.toString("utf8") ?? "";
      expect(hcl).toContain('provider "aws" {\n  allowed_account_ids = [');
      expect(() => JSON.parse(hcl)).toThrow();
    }
    expect(printed).toContain("Synthesized 4 stacks as JSON and HCL");
  });

  it("gives byte-identical output from two copies of the project in different folders", () => {
    const [first, second] = outputs;

    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, bytes] of first) {
      expect({ path, same: bytes.equals(second.get(path)!) }).toEqual({ path, same: true });
    }
  });

  it("records no absolute path, user or host name, nor today's date", () => {
    const today = new Date().toISOString().slice(0, 10);
    const forbidden = [...folders, hostname(), userInfo().homedir, today].filter((value) => value.length > 3);

    for (const [path, bytes] of outputs[0]) {
      const text = bytes.toString("utf8");
      for (const value of forbidden) expect({ path, leaks: text.includes(value) }).toEqual({ path, leaks: false });
    }
  });
});
