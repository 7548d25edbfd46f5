import { zipSync, type ZipOptions } from "fflate";

/**
 * The DOS epoch, built from local fields: zip stores local date and time, and fflate reads the local
 * fields of the Date it is given, so a Date built from a UTC instant would give other bytes in
 * another time zone.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
/** A regular file, rw-r--r--, in the high half of the external attributes as Info-ZIP writes it. */
const REGULAR_FILE_0644 = 0o100644 * 0x10000;
const DEFLATE_LEVEL: ZipOptions["level"] = 9;

/**
 * Zips files so that the same contents always give the same bytes: entries sorted by name, a fixed
 * timestamp and mode, no extra fields. The archive's hash then changes only when code does, so a
 * rebuild shows no diff in a plan.
 */
export function deterministicZip(files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const names = Object.keys(files).sort();
  if (names.length === 0) throw new Error("deterministicZip: no files to zip");
  const entries = Object.fromEntries(
    names.map((name) => [
      name,
      [files[name], { mtime: FIXED_MTIME, os: UNIX, attrs: REGULAR_FILE_0644, level: DEFLATE_LEVEL }],
    ]),
  );
  return zipSync(entries as Parameters<typeof zipSync>[0]);
}
