import { ErrorCode } from "./errors.ts";

export type RequestId = string | number;
export type Params = { [key: string]: unknown; _meta?: { [key: string]: unknown } };

export interface JsonRpcRequest {
  jsonrpc: "2.0";
  id: RequestId;
  method: string;
  params?: Params;
}
export interface JsonRpcNotification {
  jsonrpc: "2.0";
  method: string;
  params?: Params;
}
export interface JsonRpcSuccess {
  jsonrpc: "2.0";
  id: RequestId;
  result: { [key: string]: unknown };
}
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}
export interface JsonRpcFailure {
  jsonrpc: "2.0";
  id: RequestId | null;
  error: JsonRpcErrorObject;
}
export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** What a transport hands the server for one inbound frame. */
export type Inbound =
  | { kind: "request"; message: JsonRpcRequest }
  | { kind: "notification"; message: JsonRpcNotification }
  | { kind: "response"; message: JsonRpcResponse }
  | { kind: "invalid"; error: JsonRpcFailure }
  /** A notification the server will not act on (too deep to read safely): JSON-RPC never answers one. */
  | { kind: "dropped"; reason: string };

export const MAX_NESTING_DEPTH = 128;

export function errorResponse(id: RequestId | null, code: number, message: string, data?: unknown): JsonRpcFailure {
  const error: JsonRpcErrorObject = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: "2.0", id, error };
}

/** A JSON object: not null, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isValidId = (id: unknown): id is RequestId => typeof id === "string" || (typeof id === "number" && Number.isInteger(id));

/** Parses one JSON-RPC frame; never throws. */
export function parseMessage(text: string): Inbound {
  // Deep nesting is checked on the text, before it can hurt a recursive walk later.
  const tooDeep = text.length > 256 && nestingDepth(text) > MAX_NESTING_DEPTH;
  let value: unknown;
  try {
    // V8's JSON.parse does not recurse, so even a too-deep text parses; only the walks after it would.
    value = JSON.parse(text);
  } catch {
    return invalid(null, ErrorCode.ParseError, "Parse error: the message is not valid JSON");
  }
  const inbound = classifyMessage(value);
  return tooDeep ? refuseTooDeep(inbound) : inbound;
}

/** A message too deep to hand on: a request is answered with its own id, a response becomes an error for the request it answers. */
function refuseTooDeep(inbound: Inbound): Inbound {
  const reason = `Message nests deeper than ${MAX_NESTING_DEPTH} levels`;
  switch (inbound.kind) {
    case "request":
      return invalid(inbound.message.id, ErrorCode.InvalidRequest, reason);
    case "response":
      return {
        kind: "response",
        message: errorResponse(inbound.message.id, ErrorCode.InvalidRequest, `The answer was refused: ${reason}`),
      };
    case "notification":
      return { kind: "dropped", reason };
    default:
      return inbound;
  }
}

/** Sorts an already-parsed value into request, notification or response, or says what is wrong. */
export function classifyMessage(value: unknown): Inbound {
  if (Array.isArray(value)) {
    return invalid(null, ErrorCode.InvalidRequest, "Batches are not supported: send one JSON-RPC message at a time");
  }
  if (!isPlainObject(value)) return invalid(null, ErrorCode.InvalidRequest, "A JSON-RPC message must be an object");
  const id = value.id;
  const hasId = "id" in value;
  const replyId = isValidId(id) ? id : null;
  if (value.jsonrpc !== "2.0") return invalid(replyId, ErrorCode.InvalidRequest, 'The "jsonrpc" member must be exactly "2.0"');
  if (hasId && !isValidId(id)) {
    return invalid(null, ErrorCode.InvalidRequest, 'The "id" member must be a string or an integer');
  }
  const method = value.method;
  if (method === undefined) {
    if (hasId && ("result" in value || "error" in value)) {
      return { kind: "response", message: value as unknown as JsonRpcResponse };
    }
    return invalid(replyId, ErrorCode.InvalidRequest, 'A request needs a "method" string');
  }
  if (typeof method !== "string" || method.length === 0) {
    return invalid(replyId, ErrorCode.InvalidRequest, 'The "method" member must be a non-empty string');
  }
  const params = value.params;
  if (params !== undefined && !isPlainObject(params)) {
    return invalid(replyId, ErrorCode.InvalidParams, 'The "params" member must be an object');
  }
  if (params !== undefined && params._meta !== undefined && !isPlainObject(params._meta)) {
    return invalid(replyId, ErrorCode.InvalidParams, 'The "params._meta" member must be an object');
  }
  return hasId
    ? { kind: "request", message: value as unknown as JsonRpcRequest }
    : { kind: "notification", message: value as unknown as JsonRpcNotification };
}

function invalid(id: RequestId | null, code: number, message: string): Inbound {
  return { kind: "invalid", error: errorResponse(id, code, message) };
}

/** Deepest bracket nesting in a JSON text, ignoring brackets inside strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
