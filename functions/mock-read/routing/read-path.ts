import { createHash } from "node:crypto";
import type { PrismaReadFlag } from "../flag/prisma-read-flag";

/** Which function serves a read: the control's mock data, or the Prisma candidate. */
export type ReadPath = "mock" | "prisma";

/**
 * A creator's place in 0-99: the first four bytes of SHA-256 of the (lower-case) id, modulo 100.
 * Stable across containers, deploys and runtimes, and spread evenly, so that at p % exactly the
 * creators in buckets below p take the candidate, and raising p only ever adds creators to it.
 */
export function creatorBucket(creatorId: string): number {
  return createHash("sha256").update(creatorId.toLowerCase()).digest().readUInt32BE(0) % 100;
}

/**
 * Where a creator's reads go under the flag. A request without a creator (the health check, an
 * anonymous call the control answers with 401) stays with the control, and so does every read in
 * shadow mode, where the candidate only ever answers in the dark (routing/shadow-sample.ts).
 */
export function chooseReadPath(flag: PrismaReadFlag, creatorId: string | undefined): ReadPath {
  if (creatorId === undefined || flag.mode === "off" || flag.mode === "shadow") return "mock";
  if (flag.mode === "all") return "prisma";
  return creatorBucket(creatorId) < flag.percentage ? "prisma" : "mock";
}
