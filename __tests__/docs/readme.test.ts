import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { PROJECT_ROOT } from "../support/project-copy";

const scripts = Object.keys(JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")).scripts);
const documents = [
  "README.md",
  ...readdirSync(join(PROJECT_ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => join("docs", file)),
];
const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), "utf8");

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
});
