/**
 * One HTTP request and its response, as the transport core sees it. The node adapter
 * (straight on IncomingMessage/ServerResponse) and the fetch adapter (Request -> Response)
 * implement it, so everything above them is written once.
 */
import type { HttpRequestInfo } from "../../server/context.ts";
import type { BodyBudget, BodyRead } from "./body-budget.ts";

export type HeaderMap = Record<string, string | number>;

/** Told once when the client goes away before the response was ended. */
export interface CloseWatcher {
  exchangeClosed(exchange: HttpExchange): void;
}

export interface HttpExchange {
  readonly method: string;
  /** The URL path without the query string. */
  readonly path: string;
  /** The raw query string, without "?". */
  readonly query: string;
  /** A request header by lower-case name; repeated headers are joined with ", ". */
  header(name: string): string | undefined;
  /** What handlers see as `ctx.request`; built on first use. */
  readonly info: HttpRequestInfo;
  /** Headers added to every response of this exchange (CORS). */
  extraHeaders: HeaderMap | undefined;
  /** The body as text, read under the transport's budget; or why it was not read. */
  readBody(budget: BodyBudget): Promise<BodyRead>;
  /** A complete response in one go (sets Content-Length). */
  respond(status: number, headers: HeaderMap, body?: string): void;
  /** Starts a streamed response; its headers go out at once. */
  startStream(status: number, headers: HeaderMap): void;
  write(chunk: string): void;
  end(): void;
  /** Watches for the client closing the connection early (one watcher per exchange). */
  watchClose(watcher: CloseWatcher): void;
  /** True once the response ended or the client went away. */
  readonly finished: boolean;
}

/** Host (lower case, without port) and port of a Host header or URL authority. */
export function splitHostPort(authority: string): { host: string; port: string | undefined } {
  const value = authority.trim().toLowerCase();
  if (value.startsWith("[")) {
    const close = value.indexOf("]");
    if (close < 0) return { host: value, port: undefined };
    const rest = value.slice(close + 1);
    return { host: value.slice(0, close + 1), port: rest.startsWith(":") ? rest.slice(1) : undefined };
  }
  const colon = value.lastIndexOf(":");
  return colon < 0 ? { host: value, port: undefined } : { host: value.slice(0, colon), port: value.slice(colon + 1) };
}

/** The value of one query parameter (first occurrence), decoded. */
export function queryParam(query: string, name: string): string | undefined {
  if (!query) return undefined;
  for (const part of query.split("&")) {
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key !== name) continue;
    try {
      return decodeURIComponent((eq < 0 ? "" : part.slice(eq + 1)).replace(/\+/g, " "));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
