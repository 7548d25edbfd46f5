import type { APIGatewayProxyEvent } from "aws-lambda";
import { InvalidParameterError } from "../shared/api-errors";
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from "./pagination";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A date (2026-01-31) or an instant with its offset (2026-01-31T12:00:00Z); a bare local time is ambiguous. */
const ISO_DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A path id; ids are UUIDs, compared in lower case. */
export function uuidParameter(field: string, value: string): string {
  if (!UUID.test(value)) throw new InvalidParameterError(field, "must be a UUID");
  return value.toLowerCase();
}

/**
 * The query string, refusing names the route does not take: a misspelt `limt=5` is an error the
 * caller sees, not a default silently applied.
 */
export function queryParameters(event: APIGatewayProxyEvent, allowed: readonly string[]): Readonly<Record<string, string>> {
  const parameters = event.queryStringParameters ?? {};
  for (const name of Object.keys(parameters)) {
    if (!allowed.includes(name)) {
      throw new InvalidParameterError(name, `is not a parameter of this route (it takes ${allowed.length ? allowed.join(", ") : "none"})`);
    }
  }
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if ((values?.length ?? 0) > 1) throw new InvalidParameterError(name, "must be given once");
  }
  return parameters as Record<string, string>;
}

export function limitParameter(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PAGE_LIMIT;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) throw new InvalidParameterError("limit", `must be a whole number from 1 to ${MAX_PAGE_LIMIT}`);
  return limit;
}

export function cursorParameter(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > 512) throw new InvalidParameterError("cursor", "is not a cursor from this listing; use nextCursor from the previous page");
  return value;
}

export function enumParameter<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new InvalidParameterError(field, `must be one of ${allowed.join(", ")}`);
  return value as T;
}

/** An ISO-8601 date or instant; a date alone means its first instant in UTC. */
export function instantParameter(field: string, value: string | undefined): Date {
  if (value === undefined) throw new InvalidParameterError(field, "is required (an ISO-8601 date such as 2026-01-31)");
  const instant = ISO_DATE_OR_INSTANT.test(value) && isCalendarDate(value.slice(0, 10)) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(instant.getTime())) throw new InvalidParameterError(field, "must be an ISO-8601 date (2026-01-31) or instant (2026-01-31T12:00:00Z)");
  return instant;
}

/** Date parsing rolls 2026-02-31 over to March 3rd; a day that does not exist is refused instead. */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split("-").map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}
