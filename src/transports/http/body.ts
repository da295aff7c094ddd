/**
 * Reads one JSON-RPC message from a POST body, answering the HTTP errors itself: 415 for
 * a body that is not JSON, 413 past the size cap, 400 for text that is not one JSON-RPC
 * message (batches included: no revision this transport serves needs them).
 */
import { ErrorCode } from "../../protocol/errors.ts";
import { parseMessage, type Inbound } from "../../protocol/jsonrpc.ts";
import type { HttpExchange } from "./exchange.ts";
import { isJsonContentType, replyEmpty, replyError } from "./replies.ts";

export type ValidInbound = Exclude<Inbound, { kind: "invalid" } | { kind: "dropped" }>;

export async function readMessage(ex: HttpExchange, maxBytes: number): Promise<ValidInbound | undefined> {
  const contentType = ex.header("content-type");
  if (!isJsonContentType(contentType)) {
    replyError(ex, 415, ErrorCode.InvalidRequest, `Unsupported Media Type: expected Content-Type: application/json, got ${contentType ?? "none"}`);
    return undefined;
  }
  const text = await ex.readBody(maxBytes);
  if (text === undefined) {
    // The rest of an oversized body is not read: close the connection rather than drain it.
    replyError(ex, 413, ErrorCode.InvalidRequest, `Request body too large: the limit is ${maxBytes} bytes`, undefined, undefined, { connection: "close" });
    return undefined;
  }
  const inbound = parseMessage(text);
  if (inbound.kind === "invalid") {
    replyError(ex, 400, inbound.error.error.code, inbound.error.error.message, inbound.error.id);
    return undefined;
  }
  if (inbound.kind === "dropped") {
    replyEmpty(ex, 202);
    return undefined;
  }
  return inbound;
}
