import type { PrismaReadFlag } from "../flag/prisma-read-flag";
import { creatorBucket } from "./read-path";

/**
 * Whether the control also hands this read to the candidate in the dark, in shadow mode: the reads
 * whose request id falls in a bucket below the flag's percentage, by the same hash as
 * creatorBucket. By request rather than by creator, so that even a small sample meets every
 * creator and every route in time, which is what a contract comparison needs; by hash rather than
 * Math.random, so that a given request's fate is known in advance and a test can pick requests
 * inside and outside the sample.
 *
 * Only a creator's reads are sampled: a request without one (the health check, an anonymous call
 * answered 401 by both functions alike) tells nothing about the candidate's data or contract, and
 * the candidate's health check reaches the database the shadow reads are meant to spare.
 */
export function isShadowed(flag: PrismaReadFlag, creatorId: string | undefined, requestId: string | undefined): boolean {
  if (flag.mode !== "shadow" || creatorId === undefined || !requestId) return false;
  return creatorBucket(requestId) < flag.percentage;
}
