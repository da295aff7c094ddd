/**
 * Reads one JSON-RPC message from a POST body, answering the HTTP errors itself: 415 for
 * a body that is not JSON, 413 past the size cap, 503 when the memory budget for bodies is
 * full, 408 for a body that is too slow, 400 for text that is not one JSON-RPC message
 * (batches included: no revision this transport serves needs them).
 */
import { ErrorCode } from "../../protocol/errors.ts";
import { parseMessage, type Inbound } from "../../protocol/jsonrpc.ts";
import type { BodyBudget, BodyRefusal } from "./body-budget.ts";
import type { HttpExchange } from "./exchange.ts";
import { isJsonContentType, replyEmpty, replyError, TransportErrorCode } from "./replies.ts";

export type ValidInbound = Exclude<Inbound, { kind: "invalid" } | { kind: "dropped" }>;

export async function readMessage(ex: HttpExchange, budget: BodyBudget): Promise<ValidInbound | undefined> {
  const contentType = ex.header("content-type");
  if (!isJsonContentType(contentType)) {
    replyError(
      ex,
      415,
      ErrorCode.InvalidRequest,
      `Unsupported Media Type: expected Content-Type: application/json, got ${contentType ?? "none"}`,
    );
    return undefined;
  }
  const body = await ex.readBody(budget);
  if (body.refused) {
    refuseBody(ex, body.refused, budget);
    return undefined;
  }
  const text = body.text;
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

/**
 * The answer to a body that was not read. The rest of it is still on the wire, so the
 * connection closes rather than drain it; a client that left gets nothing.
 */
function refuseBody(ex: HttpExchange, reason: BodyRefusal, budget: BodyBudget): void {
  const close = { connection: "close" };
  switch (reason) {
    case "too-large":
      return replyError(
        ex,
        413,
        ErrorCode.InvalidRequest,
        `Request body too large: the limit is ${budget.maxBodyBytes} bytes`,
        undefined,
        undefined,
        close,
      );
    case "busy":
      return replyError(
        ex,
        503,
        TransportErrorCode.ServerError,
        "Server busy: too many request bodies in memory; retry shortly",
        undefined,
        undefined,
        { ...close, "retry-after": 1 },
      );
    case "timeout":
      return replyError(
        ex,
        408,
        ErrorCode.InvalidRequest,
        `Request Timeout: the body did not arrive within ${budget.timeoutMs} ms`,
        undefined,
        undefined,
        close,
      );
    case "aborted":
      return;
  }
}
