// bench:bundle's second reference for prisma-read's cold start: the raw-pg baseline's GET /health
// with Prisma's client on @prisma/adapter-pg in place of the bare pool, and nothing else of
// prisma-read (no settings, login methods, tracing or shadow reads). What it pays beyond the
// baseline is Prisma's own cold start; what prisma-read pays beyond it is the project's.
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { PrismaPg } from "@prisma/adapter-pg";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { PrismaClient } from "../../prisma/generated/client/client";
import { addRequestMetrics, functionVersion } from "../../functions/shared/request-metrics";

const SERVICE_NAME = "prisma-alone-reference";
const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: "Huntaze/ReadPath" });
const version = functionVersion(process.env);
// prisma-read's pool settings (connection/read-client-factory.ts) at their defaults.
const prisma = new PrismaClient({
  adapter: new PrismaPg({
    connectionString: process.env.DATABASE_URL,
    max: 2,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 60_000,
    statement_timeout: 3000,
    query_timeout: 4000,
    application_name: SERVICE_NAME,
  }),
});
// As prisma-read does: the query compiler starts at init.
await prisma.$connect();

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  metrics.captureColdStartMetric();
  const started = performance.now();
  try {
    if (event.httpMethod !== "GET" || event.path !== "/health") return { statusCode: 404, body: JSON.stringify({ error: "not found" }) };
    await prisma.$queryRaw`SELECT 1`;
    const durationMs = performance.now() - started;
    addRequestMetrics(metrics, { route: "health", statusCode: 200, durationMs, version });
    logger.info("request served", { route: "health", statusCode: 200, durationMs: Math.round(durationMs) });
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "ok" }) };
  } finally {
    metrics.publishStoredMetrics();
  }
}
