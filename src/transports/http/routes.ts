/**
 * Documents the HTTP front door serves beside the MCP endpoint: `/.well-known/...` metadata
 * (OAuth protected-resource metadata, server cards) and the like. A route answers GET and
 * HEAD without `authenticate` (metadata is how a client learns to authenticate); the Host,
 * Origin and CORS checks still apply. Paths come from the wire: looked up in a Map.
 */
import type { HttpRequestInfo } from "../../server/context.ts";
import type { HttpExchange } from "./exchange.ts";
import { lowerCaseHeaders, replyError, TransportErrorCode } from "./replies.ts";

/** What a route answers: JSON (`json`), or text with its own content type. */
export interface HttpRouteAnswer {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

export type HttpRoute = (request: HttpRequestInfo) => HttpRouteAnswer | Promise<HttpRouteAnswer>;

export function routeTable(routes: Record<string, HttpRoute> | undefined, mcpPath: string): Map<string, HttpRoute> {
  const table = new Map<string, HttpRoute>();
  for (const [path, route] of Object.entries(routes ?? {})) {
    if (!path.startsWith("/")) throw new Error(`HTTP route "${path}" must be a path starting with "/"`);
    if (path === mcpPath || path === `${mcpPath}/`) throw new Error(`HTTP route "${path}" is the MCP endpoint itself`);
    if (typeof route !== "function") throw new TypeError(`HTTP route "${path}" needs a function (request) => ({ json }) or ({ text })`);
    table.set(path, route);
  }
  return table;
}

export async function serveRoute(ex: HttpExchange, route: HttpRoute): Promise<void> {
  if (ex.method !== "GET" && ex.method !== "HEAD") {
    return replyError(ex, 405, TransportErrorCode.ServerError, "Method Not Allowed: use GET", undefined, undefined, {
      allow: "GET, HEAD, OPTIONS",
    });
  }
  const answer = await route(ex.info);
  const json = answer.text === undefined;
  const body = json ? JSON.stringify(answer.json ?? null) : answer.text!;
  const headers = {
    "content-type": json ? "application/json" : "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...lowerCaseHeaders(answer.headers),
  };
  ex.respond(answer.status ?? 200, headers, ex.method === "HEAD" ? undefined : body);
}
