import { ErrorCode, McpError } from "../protocol/errors.ts";
import { errorResponse, type JsonRpcFailure, type RequestId } from "../protocol/jsonrpc.ts";
import { errorMessage } from "../server/tools.ts";

/** A thrown value as a JSON-RPC error response: the code and message, never a stack trace. */
export function toErrorResponse(id: RequestId | null, error: unknown, mask: boolean): JsonRpcFailure {
  if (error instanceof McpError) return errorResponse(id, error.code, error.message, error.data);
  const message = mask ? "Internal error" : `Internal error: ${errorMessage(error)}`;
  return errorResponse(id, ErrorCode.InternalError, message);
}

/** HTTP status a streamable HTTP transport uses for an error that ends a request. */
export function httpStatusOf(error: unknown): number {
  return error instanceof McpError && error.httpStatus !== undefined ? error.httpStatus : 200;
}
