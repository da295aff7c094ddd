/** JSON-RPC and MCP error codes, with the era that uses each where they differ. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** 2026-07-28: an HTTP header disagrees with the body, or a required one is missing. */
  HeaderMismatch: -32020,
  /** 2026-07-28: the request did not declare a client capability the server needs. */
  MissingRequiredClientCapability: -32021,
  /** 2026-07-28: the `_meta` protocol version is not one the server speaks. */
  UnsupportedProtocolVersion: -32022,
  /** Legacy (2025-11-25 and older) resource-not-found; 2026-07-28 uses InvalidParams. */
  LegacyResourceNotFound: -32002,
  /** Legacy: a server-to-client request timed out or the connection closed. */
  RequestTimeout: -32001,
  ConnectionClosed: -32000,
  /** The caller may not use this component (HTTP 403); `data.requiredScopes` says what to ask for. */
  Forbidden: -32003,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * A refusal at the HTTP front door with a status and headers of its own: what an
 * `authenticate` hook throws for 401 with `WWW-Authenticate`, or 403 `insufficient_scope`.
 * The body is a JSON-RPC error (no id: the request was not read) with `code`, default -32001.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly code: number;
  readonly data: unknown;

  constructor(status: number, message: string, options: { headers?: Record<string, string>; code?: number; data?: unknown } = {}) {
    super(message);
    if (!Number.isInteger(status) || status < 400 || status > 599)
      throw new RangeError(`HttpError needs a 4xx or 5xx status, not ${status}`);
    this.name = "HttpError";
    this.status = status;
    this.headers = options.headers ?? {};
    this.code = options.code ?? -32001;
    this.data = options.data;
  }
}

/**
 * An error that becomes a JSON-RPC error response as it is. Anything else thrown by a
 * tool becomes an `isError` tool result instead; by a resource or prompt, an internal error.
 */
export class McpError extends Error {
  readonly code: number;
  readonly data: unknown;
  /** HTTP status the streamable transport answers with when this ends a modern request. */
  readonly httpStatus: number | undefined;

  constructor(code: number, message: string, data?: unknown, httpStatus?: number) {
    super(message);
    this.name = "McpError";
    this.code = code;
    this.data = data;
    this.httpStatus = httpStatus;
  }

  toJSON(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

export const invalidParams = (message: string, data?: unknown) => new McpError(ErrorCode.InvalidParams, message, data);

export const methodNotFound = (method: string) => new McpError(ErrorCode.MethodNotFound, `Method not found: ${method}`, undefined, 404);

/** Thrown by a tool to return an `isError` result with exactly this message, masked or not. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}

/**
 * Thrown by a resource handler when the URI names nothing (an unknown id, a missing file).
 * The server answers with the code the client's era expects: -32602 on 2026-07-28, -32002 before.
 */
export class ResourceNotFoundError extends Error {
  constructor(
    readonly uri: string,
    message = `Resource not found: ${uri}`,
  ) {
    super(message);
    this.name = "ResourceNotFoundError";
  }
}

/**
 * The engine's answer for a URI that names nothing. It leaves the engine with the legacy code;
 * the modern codec rewrites it to -32602 (SEP-2164 moved it there), so the engine needs no era.
 */
export class UnknownResourceError extends McpError {
  constructor(
    readonly uri: string,
    message = `Resource not found: ${uri}`,
  ) {
    super(ErrorCode.LegacyResourceNotFound, message, { uri });
    this.name = "UnknownResourceError";
  }
}

/** The message of a thrown value, never its stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === "string" ? error : "Unknown error";
}

/**
 * The caller's token lacks scopes a component needs: HTTP 403 with `insufficient_scope` (the
 * transport adds the challenge), so that a client can ask for them and retry (step-up).
 */
export class InsufficientScopeError extends McpError {
  constructor(
    readonly scopes: readonly string[],
    message: string,
  ) {
    super(ErrorCode.Forbidden, message, { requiredScopes: [...scopes] }, 403);
    this.name = "InsufficientScopeError";
  }
}
