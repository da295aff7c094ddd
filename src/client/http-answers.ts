/**
 * What the HTTP client transports (Streamable HTTP and the 2024-11-05 SSE one) share about
 * talking to a server: the Authorization header of a request, what a refusal's body says, and
 * the readable cause of a failed fetch.
 */
import { isPlainObject, type RequestId } from "../protocol/jsonrpc.ts";
import type { HttpAuthorizer } from "./http-auth.ts";

/** `headers` with the authorizer's Authorization header for `url`, when there is an authorizer. */
export async function withAuthorization(
  auth: HttpAuthorizer | undefined,
  url: URL,
  headers: Record<string, string>,
): Promise<Record<string, string>> {
  if (!auth) return headers;
  const value = await auth.authorization(url);
  return value === undefined ? headers : { ...headers, authorization: value };
}

export interface Refusal {
  /** The JSON-RPC error the body carries, if it is one. */
  error?: { code: number; message: string; data?: unknown };
  /** The error names the request's own id (the server read the message and answered it). */
  ownAnswer: boolean;
  /** The body's first 200 characters, as ": text", or "" when empty. */
  detail: string;
}

/** Reads a non-2xx answer's body (never throws) and says what it holds for request `id`. */
export async function readRefusal(res: Response, id: RequestId): Promise<Refusal> {
  const text = await res.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = isPlainObject(body) && isPlainObject(body.error) ? body.error : undefined;
  const detail = text.trim() === "" ? "" : `: ${text.trim().slice(0, 200)}`;
  if (error && typeof error.code === "number" && typeof error.message === "string") {
    return {
      error: { code: error.code, message: error.message, data: error.data },
      ownAnswer: isPlainObject(body) && body.id === id,
      detail,
    };
  }
  return { ownAnswer: false, detail };
}

/** The innermost readable reason of a fetch failure (undici wraps the socket's error in `cause`). */
export function causeText(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const source = cause instanceof Error ? cause : error;
  if (source instanceof AggregateError && source.errors.length > 0) return causeText(source.errors[0]);
  return source instanceof Error ? source.message || source.name : String(source);
}
