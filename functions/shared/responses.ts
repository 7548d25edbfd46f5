import type { APIGatewayProxyResult } from "aws-lambda";
import { ApiError } from "./api-errors";

export const REQUEST_ID_HEADER = "x-request-id";

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};

export function jsonResponse(
  statusCode: number,
  body: unknown,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { ...JSON_HEADERS, ...headers, [REQUEST_ID_HEADER]: requestId },
    body: JSON.stringify(body),
  };
}

/**
 * The one place errors become HTTP: an ApiError keeps its status, code and message; anything
 * else is reported as a bare 500 whose body says nothing about the cause (the logs do).
 */
export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  if (error instanceof ApiError) {
    return jsonResponse(
      error.statusCode,
      { error: { code: error.code, message: error.message } },
      requestId,
      error.headers,
    );
  }
  return jsonResponse(
    500,
    { error: { code: "INTERNAL_ERROR", message: "An unexpected error occurred" } },
    requestId,
  );
}
