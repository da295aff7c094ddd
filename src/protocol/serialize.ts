/**
 * Messages to JSON text for every transport. What a handler returns is the user's value and
 * may not be JSON (a BigInt, a cycle, a getter that throws); an answer like that becomes an
 * internal error with the same id, so the client still gets exactly one answer and the
 * server keeps serving.
 */
import { ErrorCode } from "./errors.ts";
import { errorResponse, type JsonRpcMessage } from "./jsonrpc.ts";

/** The message's JSON text. Throws only for a request or notification that is not JSON (user data in a log, say). */
export function serializeMessage(message: JsonRpcMessage): string {
  try {
    return JSON.stringify(message);
  } catch (error) {
    if (!("id" in message) || "method" in message)
      throw new TypeError(`${(message as { method: string }).method} cannot be sent: its params are not JSON (${kindOf(error)})`, {
        cause: error,
      });
    return JSON.stringify(
      errorResponse(message.id, ErrorCode.InternalError, `Internal error: the answer could not be serialised as JSON (${kindOf(error)})`),
    );
  }
}

/** Names the fault without echoing the value's property names, which may be the server's own. */
function kindOf(error: unknown): string {
  const text = error instanceof Error ? error.message : "";
  if (text.includes("BigInt")) return "it holds a BigInt";
  if (text.includes("circular")) return "it holds a cycle";
  return "a value threw while being read";
}
