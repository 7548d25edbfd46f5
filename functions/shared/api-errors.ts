/**
 * Errors a handler may show to a caller. Each has a stable `code` clients can branch on and a
 * message written for them; anything else a handler throws becomes a generic 500 (see responses.ts),
 * so no stack trace, SQL or driver message ever reaches a caller.
 */
export class ApiError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: string,
    message: string,
    public readonly headers: Readonly<Record<string, string>> = {},
    /** What caused it, for the logs; never shown to the caller. */
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidParameterError extends ApiError {
  constructor(public readonly field: string, reason: string) {
    super(400, "INVALID_PARAMETER", `${field}: ${reason}`);
  }
}

export class UnauthorizedError extends ApiError {
  constructor() {
    super(401, "UNAUTHORIZED", "A caller identity is required");
  }
}

export class ForbiddenError extends ApiError {
  constructor() {
    super(403, "FORBIDDEN", "The caller may not read this resource");
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string) {
    super(404, "NOT_FOUND", `${what} was not found`);
  }
}

export class MethodNotAllowedError extends ApiError {
  constructor(method: string, allowed: readonly string[]) {
    super(405, "METHOD_NOT_ALLOWED", `${method} is not allowed here`, { allow: allowed.join(", ") });
  }
}

export class ServiceUnavailableError extends ApiError {
  constructor(message: string, retryAfterSeconds: number, options?: { readonly cause?: unknown }) {
    super(503, "SERVICE_UNAVAILABLE", message, { "retry-after": String(retryAfterSeconds) }, options);
  }
}
