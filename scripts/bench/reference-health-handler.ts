// What bench:bundle's two references for prisma-read's cold start share: one GET /health (a single
// `SELECT 1`) with prisma-read's Powertools Logger and Metrics setup and request metrics, and
// prisma-read's pool settings at their defaults (connection/read-client-factory.ts). The references
// differ only in what runs the `SELECT 1`: `pg` alone, or Prisma's client on @prisma/adapter-pg.
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { PoolConfig } from "pg";
import { addRequestMetrics, functionVersion } from "../../functions/shared/request-metrics";

/** prisma-read's pool settings at their defaults, named for the reference's service. */
export function referencePoolConfig(serviceName: string): PoolConfig {
  return {
    connectionString: process.env.DATABASE_URL,
    max: 2,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 60_000,
    statement_timeout: 3000,
    query_timeout: 4000,
    application_name: serviceName,
  };
}

/** The handler of a reference whose database round trip is `selectOne`. */
export function referenceHealthHandler(
  serviceName: string,
  selectOne: () => Promise<unknown>,
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ serviceName, namespace: "Huntaze/ReadPath" });
  const version = functionVersion(process.env);
  return async (event) => {
    metrics.captureColdStartMetric();
    const started = performance.now();
    try {
      if (event.httpMethod !== "GET" || event.path !== "/health") return { statusCode: 404, body: JSON.stringify({ error: "not found" }) };
      await selectOne();
      const durationMs = performance.now() - started;
      addRequestMetrics(metrics, { route: "health", statusCode: 200, durationMs, version });
      logger.info("request served", { route: "health", statusCode: 200, durationMs: Math.round(durationMs) });
      return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "ok" }) };
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
