/**
 * Which failures mean "the database is unavailable right now" (the caller gets 503 and
 * Retry-After) and which mean "the password changed" (refetch the secret, retry once). Prisma
 * reports driver failures as P-codes and keeps @prisma/adapter-pg's classification in
 * `meta.driverAdapterError.cause`; errors the adapter does not classify (pg's own pool timeouts)
 * arrive with pg's message, matched last.
 */

/**
 * Prisma's codes for a server that cannot be reached, timed out, or closed the connection; and
 * Accelerate's for the same (P6000 server error, P6002 key refused, P6003 plan limit, P6004 query
 * timeout, P6008 connection error): none is the caller's fault, and each may pass.
 */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P1000", "P6000", "P6002", "P6003", "P6004", "P6008"]);
/** @prisma/adapter-pg's kinds for the same. */
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "AuthenticationFailed",
  "TlsConnectionError",
]);
/**
 * PostgreSQL SQLSTATEs: 08xxx connection exceptions, 57014 statement timeout, 57P01-57P03 shutdown
 * or start-up in progress, 53300 too many connections, 53xxx out of resources.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[1-3]|53...)$/;
/**
 * pg's own messages for a connection that timed out (connecting, or waiting for an answer: its
 * query_timeout) or died, which no adapter kind covers; and
 * Node's fetch ("fetch failed", from undici) when Accelerate cannot be reached at all.
 */
const UNAVAILABLE_MESSAGES = /timeout exceeded when trying to connect|Query read timeout|Connection terminated|connection timeout|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|^fetch failed$/i;

interface ErrorShape {
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } };
  cause?: unknown;
}

function adapterCause(error: unknown) {
  return (error as ErrorShape | undefined)?.meta?.driverAdapterError?.cause;
}

/** The password the pool used is no longer valid: after a rotation, the secret has a new one. */
export function isAuthenticationFailure(error: unknown): boolean {
  const shape = error as ErrorShape | undefined;
  return shape?.code === "P1000" || adapterCause(error)?.kind === "AuthenticationFailed" || adapterCause(error)?.originalCode === "28P01";
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const shape = error as ErrorShape | undefined;
  if (!shape || typeof shape !== "object") return false;
  if (typeof shape.code === "string" && UNAVAILABLE_PRISMA_CODES.has(shape.code)) return true;
  const cause = adapterCause(error);
  if (typeof cause?.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(cause.kind)) return true;
  const sqlState = cause?.originalCode ?? cause?.code;
  if (typeof sqlState === "string" && UNAVAILABLE_SQLSTATE.test(sqlState)) return true;
  if (typeof shape.message === "string" && UNAVAILABLE_MESSAGES.test(shape.message)) return true;
  return shape.cause !== undefined && shape.cause !== error && isDatabaseUnavailable(shape.cause);
}
