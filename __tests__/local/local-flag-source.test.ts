import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFlagSource } from "../../local/local-flag-source";

let folder: string;
let file: string;
let clockMs: number;
let problems: string[];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "local-flag-"));
  file = join(folder, "flag.json");
  clockMs = 0;
  problems = [];
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const write = (text: string, modifiedAtSeconds: number) => {
  writeFileSync(file, text);
  // An explicit modification time: two writes within one tick of a coarse file-system clock would otherwise look alike.
  utimesSync(file, modifiedAtSeconds, modifiedAtSeconds);
};
const flagJson = (values: Record<string, unknown>) => JSON.stringify({ prismaRead: values });
const source = () => new LocalFlagSource(file, { recheckIntervalMs: 250, now: () => clockMs, onProblem: (message) => problems.push(message) });

it("serves the file's flag, read through the control's parser", async () => {
  write(flagJson({ enabled: true, mode: "percentage", percentage: 30 }), 1000);

  expect(await source().flag()).toEqual({ flag: { mode: "percentage", percentage: 30 }, origin: "local-file" });
});

it("sees an edit once the recheck interval has passed, and not before", async () => {
  write(flagJson({ enabled: false }), 1000);
  const flags = source();
  await flags.flag();

  write(flagJson({ enabled: true, mode: "all" }), 1001);
  clockMs = 249;
  const before = await flags.flag();
  clockMs = 250;
  const after = await flags.flag();

  expect(before.flag.mode).toBe("off");
  expect(after.flag.mode).toBe("all");
});

it("keeps the last good flag when the file becomes unusable, and says why", async () => {
  write(flagJson({ enabled: true, mode: "all" }), 1000);
  const flags = source();
  await flags.flag();

  write(flagJson({ enabled: true, mode: "percentage", percentage: 150 }), 1001);
  clockMs = 1000;
  const kept = await flags.flag();

  expect(kept).toEqual({ flag: { mode: "all", percentage: 100 }, origin: "local-file" });
  expect(problems).toEqual([expect.stringMatching(/flag\.json: the prismaRead flag is unusable: prismaRead\.percentage: .*; keeping \{"mode":"all","percentage":100\}/)]);
});

it("serves the safe default (off) when there is no file, and says so", async () => {
  const current = await source().flag();

  expect(current).toEqual({ flag: { mode: "off", percentage: 0 }, origin: "safe-default" });
  expect(problems).toEqual([expect.stringContaining("ENOENT")]);
});

it("refuses a negative recheck interval, naming it", () => {
  expect(() => new LocalFlagSource(file, { recheckIntervalMs: -1 })).toThrow("LocalFlagSource: recheckIntervalMs must be 0 or more, got -1");
});
