import type { APIGatewayProxyEvent } from "aws-lambda";
import { InvalidParameterError, MethodNotAllowedError, NotFoundError } from "../shared/api-errors";
import { decodeCursor } from "./pagination";
import { FAN_TIERS, fanListing, messageListing, type ReadSource, type RevenueGranularity } from "./read-source";
import { cursorParameter, enumParameter, instantParameter, limitParameter, queryParameters, uuidParameter } from "./parameters";

/** Longest revenue range per granularity: bounds the rows a single response can hold. */
export const MAX_REVENUE_DAYS: Readonly<Record<RevenueGranularity, number>> = { day: 366, month: 3660 };
const GRANULARITIES: readonly RevenueGranularity[] = ["day", "month"];
const DAY_MS = 24 * 3600 * 1000;

export interface RouteContext {
  readonly source: ReadSource;
  readonly now: Date;
}

/** A matched route, its parameters already validated. */
export interface MatchedRoute {
  /** Names the route in logs and metrics: a fixed set, never an id. */
  readonly name: string;
  /** The creator whose data it reads; absent for the public health check. */
  readonly creatorId?: string;
  /** Runs the route's queries (at most two statements) and returns the response body. */
  run(context: RouteContext): Promise<unknown>;
}

interface RouteDefinition {
  readonly name: string;
  /** Served without a caller identity (API Gateway lets it through without a token, too). */
  readonly isPublic?: boolean;
  readonly pattern: RegExp;
  readonly bind: (path: Readonly<Record<string, string>>, event: APIGatewayProxyEvent) => MatchedRoute;
}

const ROUTES: readonly RouteDefinition[] = [
  {
    name: "health",
    isPublic: true,
    pattern: /^\/health$/,
    bind: (_, event) => {
      queryParameters(event, []);
      return {
        name: "health",
        run: async ({ source }) => {
          await source.checkHealth();
          return { status: "ok" };
        },
      };
    },
  },
  {
    name: "creator",
    pattern: /^\/creators\/(?<creatorId>[^/]+)$/,
    bind: (path, event) => {
      queryParameters(event, []);
      const creatorId = uuidParameter("creatorId", path.creatorId);
      return {
        name: "creator",
        creatorId,
        run: async ({ source, now }) => (await source.findCreatorProfile(creatorId, now)) ?? notFound("creator"),
      };
    },
  },
  {
    name: "fans",
    pattern: /^\/creators\/(?<creatorId>[^/]+)\/fans$/,
    bind: (path, event) => {
      const query = queryParameters(event, ["limit", "cursor", "tier"]);
      const creatorId = uuidParameter("creatorId", path.creatorId);
      const tier = enumParameter("tier", query.tier, FAN_TIERS);
      const cursor = cursorParameter(query.cursor);
      const request = {
        creatorId,
        tier,
        limit: limitParameter(query.limit),
        after: cursor === undefined ? undefined : decodeCursor(cursor, fanListing(creatorId, tier)),
      };
      return {
        name: "fans",
        creatorId,
        run: async ({ source }) =>
          foundUnlessEmpty(await source.listFans(request), (page) => page.items, () => source.creatorExists(creatorId), "creator"),
      };
    },
  },
  {
    name: "messages",
    pattern: /^\/creators\/(?<creatorId>[^/]+)\/fans\/(?<fanId>[^/]+)\/messages$/,
    bind: (path, event) => {
      const query = queryParameters(event, ["limit", "cursor"]);
      const creatorId = uuidParameter("creatorId", path.creatorId);
      const fanId = uuidParameter("fanId", path.fanId);
      const cursor = cursorParameter(query.cursor);
      const request = {
        creatorId,
        fanId,
        limit: limitParameter(query.limit),
        after: cursor === undefined ? undefined : decodeCursor(cursor, messageListing(creatorId, fanId)),
      };
      return {
        name: "messages",
        creatorId,
        run: async ({ source }) =>
          foundUnlessEmpty(await source.listMessages(request), (page) => page.items, () => source.fanExists(creatorId, fanId), "fan"),
      };
    },
  },
  {
    name: "revenue",
    pattern: /^\/creators\/(?<creatorId>[^/]+)\/revenue$/,
    bind: (path, event) => {
      const query = queryParameters(event, ["from", "to", "granularity"]);
      const creatorId = uuidParameter("creatorId", path.creatorId);
      const from = instantParameter("from", query.from);
      const to = instantParameter("to", query.to);
      const granularity = enumParameter("granularity", query.granularity, GRANULARITIES) ?? "day";
      if (to <= from) throw new InvalidParameterError("to", "must be after from");
      if (to.getTime() - from.getTime() > MAX_REVENUE_DAYS[granularity] * DAY_MS) {
        throw new InvalidParameterError("to", `must be at most ${MAX_REVENUE_DAYS[granularity]} days after from for granularity=${granularity}`);
      }
      return {
        name: "revenue",
        creatorId,
        run: async ({ source }) => {
          const revenue = await source.revenueByPeriod({ creatorId, from, to, granularity });
          const items = await foundUnlessEmpty(revenue, (rows) => rows, () => source.creatorExists(creatorId), "creator");
          return { from: from.toISOString(), to: to.toISOString(), granularity, items };
        },
      };
    },
  },
];

function notFound(what: string): never {
  throw new NotFoundError(what);
}

/**
 * Listings return only rows whose parents (creator, fan) exist and are not deleted (on PostgreSQL,
 * checked in the listing's own statement). So rows prove the parent exists, and only an empty result
 * needs a second look to tell "not found" (404) from "nothing yet" (an empty list).
 */
async function foundUnlessEmpty<Result>(
  result: Result,
  rowsOf: (result: Result) => readonly unknown[],
  parentExists: () => Promise<boolean>,
  parent: string,
): Promise<Result> {
  if (rowsOf(result).length > 0 || (await parentExists())) return result;
  return notFound(parent);
}

/** A request's route, found but not yet bound: its parameters are validated once the caller is known. */
export interface FoundRoute {
  readonly name: string;
  readonly isPublic: boolean;
  /** Validates the parameters (400 naming the field) and binds them to the route's queries. */
  bind(): MatchedRoute;
}

/** Finds the route for a request: 404 for an unknown path, 405 for a method other than GET. */
export function findRoute(event: APIGatewayProxyEvent): FoundRoute {
  for (const route of ROUTES) {
    const match = route.pattern.exec(event.path);
    if (!match) continue;
    if (event.httpMethod !== "GET") throw new MethodNotAllowedError(event.httpMethod, ["GET"]);
    return {
      name: route.name,
      isPublic: route.isPublic ?? false,
      bind: () => {
        const path = Object.fromEntries(Object.entries(match.groups ?? {}).map(([key, value]) => [key, safeDecode(key, value)]));
        return route.bind(path, event);
      },
    };
  }
  throw new NotFoundError(`route ${event.path}`);
}

function safeDecode(field: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidParameterError(field, "is not valid URL encoding");
  }
}
