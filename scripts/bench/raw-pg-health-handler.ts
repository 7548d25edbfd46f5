// bench:bundle's baseline for prisma-read's cold start: the same GET /health (one `SELECT 1`) with
// the same Powertools Logger and Metrics setup and request metrics, on `pg` alone, bundled and run
// as prisma-read is. What prisma-read pays beyond it is Prisma, its login methods and tracing.
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { Pool } from "pg";
import { addRequestMetrics, functionVersion } from "../../functions/shared/request-metrics";

const SERVICE_NAME = "raw-pg-baseline";
const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: "Huntaze/ReadPath" });
const version = functionVersion(process.env);
// prisma-read's pool settings (connection/read-client-factory.ts) at their defaults.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 2,
  connectionTimeoutMillis: 2000,
  idleTimeoutMillis: 60_000,
  statement_timeout: 3000,
  query_timeout: 4000,
  application_name: SERVICE_NAME,
});

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  metrics.captureColdStartMetric();
  const started = performance.now();
  try {
    if (event.httpMethod !== "GET" || event.path !== "/health") return { statusCode: 404, body: JSON.stringify({ error: "not found" }) };
    await pool.query("SELECT 1");
    const durationMs = performance.now() - started;
    addRequestMetrics(metrics, { route: "health", statusCode: 200, durationMs, version });
    logger.info("request served", { route: "health", statusCode: 200, durationMs: Math.round(durationMs) });
    return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "ok" }) };
  } finally {
    metrics.publishStoredMetrics();
  }
}
