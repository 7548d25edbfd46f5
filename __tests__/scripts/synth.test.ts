import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { REQUIRED_TERRAFORM_VERSION } from "../../constructs/terraform-version";
import { comparableTerraform, parseHcl } from "../support/hcl";
import { copyProject, readTree, runScript } from "../support/project-copy";

/** A PATH with node and the system's tools but no Terraform, as on a machine that never installed it. */
function pathWithoutTerraform(): string {
  const bin = mkdtempSync(join(tmpdir(), "huntaze-no-terraform-"));
  symlinkSync(process.execPath, join(bin, "node"));
  return [bin, "/usr/bin", "/bin"].join(":");
}

describe("npm run synth", () => {
  const folders = [copyProject("synth-a"), copyProject("synth-b")];
  let outputs: Array<Map<string, Buffer>>;
  let printed: string;

  beforeAll(async () => {
    // Different folders and time zones: neither may show in the output (zip timestamps are local time).
    // The second has no Terraform on its PATH (synth must not need one), and keeps cdktf's token
    // stack traces, which synth otherwise skips: the output must not depend on them.
    const stdouts = await Promise.all([
      runScript(folders[0], "scripts/synth.ts", { TZ: "UTC" }),
      runScript(folders[1], "scripts/synth.ts", { TZ: "Asia/Kolkata", PATH: pathWithoutTerraform(), CDKTF_TOKEN_STACK_TRACES: "1" }),
    ]);
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
    // References in depends_on / ignore_changes unquoted, so Terraform prints no deprecation warning.
    const prod = outputs[0].get("hcl/stacks/huntaze-prod/cdk.tf")!.toString("utf8");
    expect(prod).toMatch(/depends_on = \[\n\s+aws_codedeploy_deployment_group\.mock_read_group,/);
    expect(prod).toMatch(/ignore_changes = \[\n\s+function_version,\n\s+routing_config,/);
    expect(prod).not.toMatch(/(depends_on|ignore_changes) = \[[^\]]*"/);
    expect(printed).toContain("Synthesized 4 stacks as JSON and HCL");
    expect(printed).toMatch(/mock-read +[\d.]+ KiB bundled +[\d.]+ KiB zipped/);
  });

  it("writes HCL that says what the JSON says, as HashiCorp's parser reads it", async () => {
    for (const stack of ["huntaze-bootstrap", "huntaze-prod"]) {
      const json = JSON.parse(outputs[0].get(`stacks/${stack}/cdk.tf.json`)!.toString("utf8"));
      const hcl = await parseHcl("cdk.tf", outputs[0].get(`hcl/stacks/${stack}/cdk.tf`)!.toString("utf8"));

      for (const kind of ["resource", "data", "output", "import"]) {
        expect(comparableTerraform(hcl[kind] ?? {})).toEqual(comparableTerraform(json[kind] ?? {}));
      }
    }
    // A JSON document holding references (the dashboard's alarm ARNs) is escaped: cdktf's own
    // renderer wrote its quotes bare, which no HCL parser accepts.
    const prod = outputs[0].get("hcl/stacks/huntaze-prod/cdk.tf")!.toString("utf8");
    expect(prod).toMatch(/dashboard_body = "\{\\"widgets\\":/);
    // A lone reference is written bare, as Terraform authors write it.
    expect(prod).toContain("kms_master_key_id = aws_kms_key.alerts_key.arn");
  });

  it("declares the Terraform version the stacks need, in JSON and in HCL, instead of probing for a binary", () => {
    for (const stack of ["huntaze-bootstrap", "huntaze-prod"]) {
      const json = JSON.parse(outputs[1].get(`stacks/${stack}/cdk.tf.json`)!.toString("utf8"));
      const hcl = outputs[1].get(`hcl/stacks/${stack}/cdk.tf`)!.toString("utf8");

      expect(json.terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
      expect(hcl).toMatch(/^terraform \{\n  required_version = "(.+)"\n/);
      expect(hcl.match(/^terraform \{\n  required_version = "(.+)"\n/)?.[1]).toBe(REQUIRED_TERRAFORM_VERSION);
      // cdktf's own renderer writes the attribute's index instead (`0 = "required_version"`).
      expect(hcl).not.toMatch(/^\s*0 = /m);
    }
  });

  it("ships each function's zip, and the deploy command Terraform runs, as assets beside the stack", () => {
    const assets = [...outputs[0].keys()].filter((path) => path.startsWith("stacks/huntaze-prod/assets/"));

    expect(assets).toEqual([
      expect.stringMatching(/^stacks\/huntaze-prod\/assets\/canary_deploy_script\/[0-9A-F]+\/canary-deploy\.mjs$/),
      expect.stringMatching(/^stacks\/huntaze-prod\/assets\/canary_health_hook_code\/[0-9A-F]+\/canary-health-hook\.zip$/),
      expect.stringMatching(/^stacks\/huntaze-prod\/assets\/mock_read_code\/[0-9A-F]+\/mock-read\.zip$/),
      expect.stringMatching(/^stacks\/huntaze-prod\/assets\/prisma_read_code\/[0-9A-F]+\/prisma-read\.zip$/),
    ]);
    // local-exec runs in the stack's folder: the command must name the shipped script.
    const stack = JSON.parse(outputs[0].get("stacks/huntaze-prod/cdk.tf.json")!.toString("utf8"));
    const deploys = Object.values(stack.resource.terraform_data) as any[];
    // The three functions' canary steps, and the flag's preflight and rollout wait: one script.
    expect(deploys).toHaveLength(5);
    for (const deploy of deploys) {
      expect(`stacks/huntaze-prod/${deploy.provisioner[0]["local-exec"].command.replace(/^node /, "")}`).toBe(assets[0]);
    }
  });

  it("gives byte-identical output, zips included, from two copies in different folders and time zones", () => {
    const [first, second] = outputs;

    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, bytes] of first) {
      expect({ path, same: bytes.equals(second.get(path)!) }).toEqual({ path, same: true });
    }
  });

  it("lets the cdktf CLI run main.ts into the directory it names", async () => {
    const outdir = join(folders[0], "cli-out");

    await runScript(folders[0], "main.ts", { CDKTF_OUTDIR: outdir });

    expect(readTree(outdir).get("stacks/huntaze-prod/cdk.tf.json")).toEqual(outputs[0].get("stacks/huntaze-prod/cdk.tf.json"));
  });

  it("stops at once with the config error, naming environment and field, when config is invalid", async () => {
    const folder = copyProject("synth-invalid");
    const environments = join(folder, "config", "environments.ts");
    writeFileSync(environments, readFileSync(environments, "utf8").replace('accountId: "111111111111"', 'accountId: "1111"'));
    try {
      const failure = runScript(folder, "scripts/synth.ts", {}, 30_000);

      await expect(failure).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('Invalid configuration for environment "dev":\n  - accountId: must be a 12-digit AWS account id'),
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it("records no absolute path, user or host name, nor today's date", () => {
    const today = new Date().toISOString().slice(0, 10);
    const forbidden = [...folders, hostname(), userInfo().homedir, today].filter((value) => value.length > 3);

    for (const [path, bytes] of outputs[0]) {
      const text = bytes.toString("utf8");
      for (const value of forbidden) expect({ path, leaks: text.includes(value) }).toEqual({ path, leaks: false });
    }
  });

  // Last: it edits the first copy's sources.
  it("reuses the last synth's HCL when nothing changed, byte for byte; synthesizes it again when asked, or after a change to a function or to config", async () => {
    const synthAgain = async (environment: Record<string, string> = {}) => {
      const printed = await runScript(folders[0], "scripts/synth.ts", { TZ: "UTC", ...environment });
      return { printed, reused: printed.includes("(HCL unchanged since the last synth: reused)"), output: readTree(join(folders[0], "cdktf.out")) };
    };
    const sameAsFirst = (output: Map<string, Buffer>) => {
      expect([...output.keys()]).toEqual([...outputs[0].keys()]);
      for (const [path, bytes] of outputs[0]) expect({ path, same: bytes.equals(output.get(path)!) }).toEqual({ path, same: true });
    };
    const mockReadZip = (output: Map<string, Buffer>) => ({
      json: JSON.parse(output.get("stacks/huntaze-dev/cdk.tf.json")!.toString("utf8")).resource.aws_lambda_function.mock_read.filename,
      hcl: /resource "aws_lambda_function" "mock_read" \{[^]*?filename += "([^"]+)"/.exec(output.get("hcl/stacks/huntaze-dev/cdk.tf")!.toString("utf8"))?.[1],
    });

    const unchanged = await synthAgain();
    expect(unchanged.reused).toBe(true);
    sameAsFirst(unchanged.output);

    const fresh = await synthAgain({ SYNTH_FRESH_HCL: "1" });
    expect(fresh.reused).toBe(false);
    sameAsFirst(fresh.output);

    // A function's code: the program is the same, only the zip (and so its asset's name in the JSON) changes.
    const handler = join(folders[0], "functions", "mock-read", "handler.ts");
    const handlerSource = readFileSync(handler, "utf8");
    writeFileSync(handler, handlerSource.replace('process.env._HANDLER ?? "index.handler"', 'process.env._HANDLER ?? "index.handler-edited"'));
    const newCode = await synthAgain();
    expect(newCode.reused).toBe(false);
    expect(mockReadZip(newCode.output).json).not.toBe(mockReadZip(outputs[0]).json);
    expect(mockReadZip(newCode.output).hcl).toBe(mockReadZip(newCode.output).json);

    // One config line, as a reviewer would change it: dev's candidate gets more memory.
    const environments = join(folders[0], "config", "environments.ts");
    const original = readFileSync(environments, "utf8");
    const edited = original.replace("prismaRead: { memorySizeMb: 512,", "prismaRead: { memorySizeMb: 640,");
    expect(edited).not.toBe(original);
    writeFileSync(environments, edited);
    const newConfig = await synthAgain();
    const hcl = newConfig.output.get("hcl/stacks/huntaze-dev/cdk.tf")!.toString("utf8");

    expect(newConfig.printed).toContain("Synthesized 4 stacks as JSON and HCL");
    expect(newConfig.reused).toBe(false);
    expect(hcl).toMatch(/memory_size += 640/);
    expect(hcl).not.toMatch(/memory_size += 512/);
  }, 90_000);
});
