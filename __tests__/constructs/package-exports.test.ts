import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runNode } from "../support/child-process";
import { copyProject, PROJECT_ROOT } from "../support/project-copy";

const TSC = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");

/** A cdktf app of another team's, using the constructs by package name, as it would after `npm install`. */
const CONSUMER_APP = `
import { App } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AlertTopic, type AlertTopicProps, StableIdStack } from "huntaze-read-path/constructs";

const app = new App({ outdir: process.argv[2], stackTraces: false });
const stack = new StableIdStack(app, "consumer");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
const props: AlertTopicProps = {
  name: "alerts", topicName: "acme-alerts", emails: ["ops@acme.example"], accountId: "123456789012", partition: "aws",
};
new AlertTopic(stack, "alerts", props);
// @ts-expect-error: a misspelt prop must be a type error, which it is only if the declarations resolve.
const misspelt: AlertTopicProps = { ...props, topicNme: "typo" };
void misspelt;
app.synth();
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: { module: "node16", moduleResolution: "node16", target: "ES2022", strict: true, outDir: "out", types: ["node"], skipLibCheck: true },
  files: ["app.ts"],
};

function linkPackage(consumer: string, name: string, target: string): void {
  const link = join(consumer, "node_modules", name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, "dir");
}

describe("the constructs as a package (npm run build:lib)", () => {
  const project = copyProject("lib");
  const consumer = mkdtempSync(join(tmpdir(), "huntaze-consumer-"));
  afterAll(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(consumer, { recursive: true, force: true });
  });

  it("builds declarations that another cdktf app type-checks against, and synthesizes with", async () => {
    const build = await runNode([TSC, "-p", "tsconfig.lib.json"], { cwd: project, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });
    expect(build).toMatchObject({ code: 0, stdout: "" });

    linkPackage(consumer, "huntaze-read-path", project);
    for (const dependency of ["cdktf", "constructs", "@cdktf/provider-aws", "@types/node"]) {
      linkPackage(consumer, dependency, join(PROJECT_ROOT, "node_modules", dependency));
    }
    writeFileSync(join(consumer, "app.ts"), CONSUMER_APP);
    writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG));

    const compile = await runNode([TSC, "-p", "tsconfig.json"], { cwd: consumer, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });
    expect(compile).toMatchObject({ code: 0, stdout: "" });

    const synth = await runNode([join("out", "app.js"), "cdktf.out"], { cwd: consumer, env: { PATH: process.env.PATH ?? "" }, timeoutMs: 60_000 });
    expect(synth).toMatchObject({ code: 0, stderr: "" });
    const terraform = JSON.parse(readFileSync(join(consumer, "cdktf.out", "stacks", "consumer", "cdk.tf.json"), "utf8"));
    expect(terraform.resource.aws_sns_topic.alerts).toMatchObject({ name: "acme-alerts" });
    expect(Object.keys(terraform.resource.aws_sns_topic_subscription)).toHaveLength(1);
  }, 120_000);
});
