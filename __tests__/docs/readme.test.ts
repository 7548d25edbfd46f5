import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { synthesizeAppStacks } from "../support/app-stacks";
import { PROJECT_ROOT } from "../support/project-copy";

const scripts = Object.keys(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts);
const documents = [
  "README.md",
  ...readdirSync(join(PROJECT_ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => join("docs", file)),
];
const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), "utf8");
/** Every `code span` of a document, with its line. */
const codeSpans = (document: string) =>
  read(document)
    .split("\n")
    .flatMap((line) => [...line.matchAll(/`([^`\n]+)`/g)].map(([, span]) => ({ line, span })));

const appStacks = synthesizeAppStacks();
/** The stacks' names, as `cdktf deploy <stack>` takes them. */
const stackNames = new Set([appStacks.bootstrap, ...appStacks.environments].map(({ stack }) => stack.node.id));
/** The outputs of the synthesized stacks, as `terraform output` and `cdktf output` print them. */
const stackOutputs = new Set([appStacks.bootstrap, ...appStacks.environments].flatMap(({ json }) => Object.keys((json.output ?? {}) as object)));
/** The outputs of the published Terraform modules (terraform-modules/<module>/outputs.tf). */
const moduleOutputs = new Set(
  readdirSync(join(PROJECT_ROOT, "terraform-modules"))
    .filter((module) => existsSync(join(PROJECT_ROOT, "terraform-modules", module, "outputs.tf")))
    .flatMap((module) => [...read(join("terraform-modules", module, "outputs.tf")).matchAll(/^output "([\w-]+)"/gm)].map(([, name]) => name)),
);

/**
 * Build output the documents describe (dist/, cdktf.out/): what it holds depends on which commands
 * have run, so a path under it names no file of the tree.
 */
const BUILD_OUTPUT = new Set(["dist", "cdktf.out", "node_modules"]);
/** Top-level entries of the project: a code span that starts with one of them is a path in the tree. */
const topLevel = new Set(readdirSync(PROJECT_ROOT).filter((entry) => !BUILD_OUTPUT.has(entry)));
/** A path as the documents write one: folders and a file, `*` for any run of characters in the last part. */
const PATH = /^[\w.-]+(\/[\w.*-]+)*\/?$/;

/** Whether a documented path exists; `*` in its last part matches any run of characters. */
function pathExists(path: string): boolean {
  const trimmed = path.replace(/\/$/, "");
  if (!trimmed.includes("*")) return existsSync(join(PROJECT_ROOT, trimmed));
  const folder = join(PROJECT_ROOT, dirname(trimmed));
  const pattern = new RegExp(`^${basename(trimmed).split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return existsSync(folder) && readdirSync(folder).some((name) => pattern.test(name));
}

describe("the README and the documents", () => {
  it("link only to files that exist", () => {
    for (const document of documents) {
      for (const [, target] of read(document).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const path = relative(PROJECT_ROOT, join(PROJECT_ROOT, dirname(document), target));
        expect({ document, target, exists: existsSync(join(PROJECT_ROOT, path)) }).toEqual({ document, target, exists: true });
      }
    }
  });

  it("the README links each document", () => {
    const readme = read("README.md");
    for (const document of documents.filter((path) => path !== "README.md")) expect(readme).toContain(`](${document})`);
  });

  it("name only npm scripts that exist", () => {
    for (const document of documents) {
      for (const [, script] of read(document).matchAll(/npm run (?:--silent |-s )?([\w:-]+)/g)) {
        expect({ document, script, exists: scripts.includes(script) }).toEqual({ document, script, exists: true });
      }
    }
  });

  it("name the stacks' outputs as Terraform prints them", () => {
    // The outputs the deployment guide and the runbooks lean on.
    expect([...stackOutputs]).toEqual(expect.arrayContaining(["alert_topic_arn", "api_url", "database_endpoint", "database_secret_arn"]));
    for (const document of documents) {
      const text = read(document);
      // The construct id (`database-secret-arn`) is not what `terraform output` or `cdktf output` prints.
      for (const output of stackOutputs) {
        expect({ document, output, writtenWithDashes: text.includes(output.replaceAll("_", "-")) }).toEqual({ document, output, writtenWithDashes: false });
      }
      // A snake_case name on a line about outputs is a stack's or a published module's output.
      for (const { line, span } of codeSpans(document)) {
        if (!/output/i.test(line) || !/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(span)) continue;
        expect({ document, output: span, exists: stackOutputs.has(span) || moduleOutputs.has(span) }).toEqual({ document, output: span, exists: true });
      }
    }
  });

  it("name only paths that exist in the tree", () => {
    for (const document of documents) {
      for (const { span } of codeSpans(document)) {
        if (!span.includes("/") || !PATH.test(span) || !topLevel.has(span.split("/")[0])) continue;
        expect({ document, path: span, exists: pathExists(span) }).toEqual({ document, path: span, exists: true });
      }
    }
  });

  it("the deployment guide raises the deploy role's maximum session to what the deploy workflow asks for", () => {
    const workflow = read(".github/workflows/deploy-environment.yml");
    const [, seconds] = /role-duration-seconds: (\d+)/.exec(workflow)!;
    const guide = read("docs/deployment.md");

    // IAM roles allow 3,600 s unless their maximum is raised; a longer request is refused.
    expect(Number(seconds)).toBeGreaterThan(3_600);
    expect(guide).toContain(`--max-session-duration ${seconds}`);
    expect(guide).toContain(`${Number(seconds).toLocaleString("en-US")} s session`);
  });

  it("name only stacks the app synthesizes in cdktf commands", () => {
    expect([...stackNames]).toEqual(expect.arrayContaining(["huntaze-bootstrap", "huntaze-dev"]));
    for (const document of documents) {
      for (const [, stack] of read(document).matchAll(/cdktf (?:deploy|diff|output|destroy) (?:--[\w-]+ )*(huntaze-[\w<>-]+)/g)) {
        // huntaze-<env> stands for any environment's stack.
        if (stack.includes("<")) continue;
        expect({ document, stack, exists: stackNames.has(stack) }).toEqual({ document, stack, exists: true });
      }
    }
  });
});
