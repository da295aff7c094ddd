import { ErrorCode, InsufficientScopeError, McpError, errorMessage } from "../protocol/errors.ts";
import { errorResponse, type JsonRpcFailure, type JsonRpcResponse, type RequestId } from "../protocol/jsonrpc.ts";

/** Carry an error's HTTP status, and the scopes of a step-up, on its response object, out of band (JSON.stringify skips symbols). */
const HTTP_STATUS = Symbol("mcpkit.httpStatus");
const STEP_UP_SCOPES = Symbol("mcpkit.stepUpScopes");

/** A thrown value as a JSON-RPC error response: the code and message, never a stack trace. */
export function toErrorResponse(id: RequestId | null, error: unknown, mask: boolean): JsonRpcFailure {
  if (error instanceof McpError) {
    const response = errorResponse(id, error.code, error.message, error.data);
    if (error.httpStatus !== undefined) (response as JsonRpcFailure & { [HTTP_STATUS]?: number })[HTTP_STATUS] = error.httpStatus;
    if (error instanceof InsufficientScopeError)
      (response as JsonRpcFailure & { [STEP_UP_SCOPES]?: readonly string[] })[STEP_UP_SCOPES] = error.scopes;
    return response;
  }
  const message = mask ? "Internal error" : `Internal error: ${errorMessage(error)}`;
  return errorResponse(id, ErrorCode.InternalError, message);
}

/** HTTP status a streamable HTTP transport uses for an error that ends a request. */
export function httpStatusOf(error: unknown): number {
  return error instanceof McpError && error.httpStatus !== undefined ? error.httpStatus : 200;
}

/** The HTTP status an answer from `toErrorResponse` asks for (200 for results and plain errors). */
export function responseHttpStatus(response: JsonRpcResponse): number {
  return (response as JsonRpcResponse & { [HTTP_STATUS]?: number })[HTTP_STATUS] ?? 200;
}

/** The scopes a step-up answer asks for, when `response` is one (the HTTP transport adds the challenge). */
export function stepUpScopes(response: JsonRpcResponse): readonly string[] | undefined {
  return (response as JsonRpcResponse & { [STEP_UP_SCOPES]?: readonly string[] })[STEP_UP_SCOPES];
}

/** Why a request is refused whose id another request of the session still owns (-32600 on every transport). */
export const idInUseMessage = (id: RequestId): string => `Request id ${JSON.stringify(id)} is already in use by a request in flight`;
