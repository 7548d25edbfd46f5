import { renameSync, writeFileSync } from "node:fs";

/**
 * Writes a file in full under a name of this process's own (`<path>.<pid>.pending`), then renames
 * it into place: an interrupted run leaves no half-written file, and two runs at once do not take
 * each other's. A folder's readers skip `.pending` names.
 */
export function writeAtomically(path: string, contents: string): void {
  const pending = `${path}.${process.pid}.pending`;
  writeFileSync(pending, contents);
  renameSync(pending, path);
}
