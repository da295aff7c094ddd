/**
 * The small set of non-streamed answers every endpoint gives: a JSON body, a JSON-RPC
 * error with an HTTP status, an empty status.
 */
import type { JsonRpcMessage, JsonRpcResponse, RequestId } from "../../protocol/jsonrpc.ts";
import { stepUpScopes } from "../../wire/responses.ts";
import { serializeMessage } from "../../protocol/serialize.ts";
import type { HeaderMap, HttpExchange } from "./exchange.ts";

/** Implementation-defined JSON-RPC codes for transport-level failures (the range JSON-RPC leaves to servers). */
export const TransportErrorCode = {
  /** Refused at the transport: bad headers, too many sessions, shutting down. */
  ServerError: -32000,
  /** The session named by Mcp-Session-Id (or sessionId) does not exist (any more). */
  SessionNotFound: -32001,
} as const;

export function replyJson(ex: HttpExchange, status: number, message: JsonRpcMessage | object, headers?: HeaderMap): void {
  ex.respond(
    status,
    headers ? { "content-type": "application/json", ...headers } : { "content-type": "application/json" },
    serializeMessage(message as JsonRpcMessage),
  );
}

/**
 * A JSON-RPC error as the whole answer. Errors found before a request id is known carry
 * no `id` at all: the transport spec says so, and `"id": null` fails the 2026 schema.
 */
export function replyError(
  ex: HttpExchange,
  status: number,
  code: number,
  message: string,
  id?: RequestId | null,
  data?: unknown,
  headers?: HeaderMap,
): void {
  const error = data === undefined ? { code, message } : { code, message, data };
  const body = id === undefined || id === null ? { jsonrpc: "2.0", error } : { jsonrpc: "2.0", id, error };
  replyJson(ex, status, body, headers);
}

/** Header names as the exchanges send them (lower case), from a map a user wrote. */
export function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The headers of a step-up answer (403 with the challenge) when `response` is one and the
 * transport knows how to challenge; undefined otherwise.
 */
export function stepUpHeaders(
  response: JsonRpcResponse,
  challenge: ((scopes: readonly string[]) => Record<string, string>) | undefined,
): HeaderMap | undefined {
  const scopes = challenge ? stepUpScopes(response) : undefined;
  return scopes ? lowerCaseHeaders(challenge!(scopes)) : undefined;
}

export function replyEmpty(ex: HttpExchange, status: number, headers?: HeaderMap): void {
  ex.respond(status, headers ?? {});
}

/** Accept-header reading, lenient where the spec is strict: no Accept header means "anything". */
export function accepts(accept: string | undefined): { json: boolean; sse: boolean } {
  if (accept === undefined || accept === "") return { json: true, sse: true };
  const value = accept.toLowerCase();
  const any = value.includes("*/*");
  return {
    json: any || value.includes("application/json") || value.includes("application/*"),
    sse: any || value.includes("text/event-stream") || value.includes("text/*"),
  };
}

/** True when a Content-Type names JSON (parameters such as charset allowed). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(";");
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}
