import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { deterministicZip } from "../../bundling/deterministic-zip";
import { PROJECT_ROOT } from "../support/project-copy";

const encode = (text: string) => new TextEncoder().encode(text);

/** The zip's bytes as built by a fresh process in the given time zone, base64. */
function zipInTimeZone(timeZone: string): string {
  const script = `
    const { deterministicZip } = require("./bundling/deterministic-zip");
    const files = { "index.mjs": new TextEncoder().encode("export const a = 1;") };
    process.stdout.write(Buffer.from(deterministicZip(files)).toString("base64"));
  `;
  return execFileSync(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["-e", script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TZ: timeZone },
    encoding: "utf8",
  });
}

describe("deterministicZip", () => {
  it("gives the same bytes for the same files, whatever order they are given in", () => {
    const first = deterministicZip({ "b.mjs": encode("b"), "a.mjs": encode("a") });
    const second = deterministicZip({ "a.mjs": encode("a"), "b.mjs": encode("b") });

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it("gives different bytes when a file changes", () => {
    const first = deterministicZip({ "index.mjs": encode("export const a = 1;") });
    const second = deterministicZip({ "index.mjs": encode("export const a = 2;") });

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false);
  });

  it("gives the same bytes in every time zone", () => {
    expect(zipInTimeZone("Pacific/Kiritimati")).toBe(zipInTimeZone("America/Los_Angeles"));
  });

  it("stores entries sorted, with a fixed 1980 timestamp and mode 0644, and round-trips them", () => {
    const zip = deterministicZip({ "z.mjs": encode("z"), "a.mjs": encode("a") });
    const centralDirectory = Buffer.from(zip).subarray(Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const dosDate = centralDirectory.readUInt16LE(14);
    const externalAttributes = centralDirectory.readUInt32LE(38);

    expect(Object.keys(unzipSync(zip))).toEqual(["a.mjs", "z.mjs"]);
    expect(new TextDecoder().decode(unzipSync(zip)["z.mjs"])).toBe("z");
    expect({ year: (dosDate >> 9) + 1980, month: (dosDate >> 5) & 0xf, day: dosDate & 0x1f }).toEqual({
      year: 1980,
      month: 1,
      day: 1,
    });
    expect((externalAttributes >>> 16) & 0o777).toBe(0o644);
  });

  it("refuses to make an empty archive", () => {
    expect(() => deterministicZip({})).toThrow("deterministicZip: no files to zip");
  });
});
