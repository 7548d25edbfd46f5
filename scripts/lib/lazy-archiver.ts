/**
 * cdktf loads `archiver` (with its dependencies: lodash, glob, readable-stream…) when it starts,
 * only to zip directory assets, and this project's assets are single files (the zips esbuild's
 * bundles are packed into). Loading it was most of cdktf's own load time, in every synth. Here
 * cdktf's fs module gets a function that loads archiver the first time it is called, and then
 * behaves as archiver does: a directory asset added later still gets zipped.
 *
 * Synth's first import, so that it is in place before anything loads cdktf.
 */
import Module = require("node:module");
import { sep } from "node:path";

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;

const CDKTF_FS_MODULE = `${sep}cdktf${sep}lib${sep}private${sep}fs.js`;
const moduleLoader = Module as unknown as { _load: Load };
const load = moduleLoader._load;

moduleLoader._load = function lazyArchiverLoad(request, parent, isMain) {
  if (request !== "archiver" || !parent?.filename?.endsWith(CDKTF_FS_MODULE)) return load.call(this, request, parent, isMain);
  let archiver: ((...args: unknown[]) => unknown) | undefined;
  return (...args: unknown[]) => {
    archiver ??= load.call(this, request, parent, isMain) as (...args: unknown[]) => unknown;
    return archiver(...args);
  };
};

export {};
