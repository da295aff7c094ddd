/**
 * Options of the Streamable HTTP transport, shared by the node and fetch front doors.
 * Every default is the safe one: loopback-only Host/Origin checks, 4 MiB bodies and 32 MiB
 * of bodies in memory at once, slow senders timed out, sessions that expire, a session cap.
 */
import type { JsonRpcRequest } from "../../protocol/jsonrpc.ts";
import type { AuthInfo, HttpRequestInfo } from "../../server/context.ts";
import { MemoryEventLog, StoreEventLog, type EventLog } from "../../state/event-log.ts";
import type { Store } from "../../state/store.ts";
import { BodyBudget } from "./body-budget.ts";
import { routeTable, type HttpRoute } from "./routes.ts";

export interface HttpOptions {
  /** Path of the MCP endpoint (default "/mcp"). */
  path?: string;
  /** Serve 2025-11-25 and older clients on the endpoint too (default true). When false, GET and DELETE get 405. */
  legacy?: boolean;
  /** Legacy era without sessions: no `initialize` needed, no session ids, no GET stream, no server-to-client requests. */
  stateless?: boolean;
  /** Legacy era: answer every request with one JSON body, never SSE; server messages travel on the GET stream. */
  jsonResponse?: boolean;
  sessions?: SessionOptions;
  /** Legacy SSE resumability (event ids, replay after Last-Event-ID); `false` turns it off. */
  resumability?: false | ResumabilityOptions;
  /**
   * SSE polling (2025-11-25): end the POST stream of matching legacy requests right after
   * its priming event; the client resumes with GET + Last-Event-ID and gets the result there.
   * A tool can also opt in from its handler with `closeSseStream(ctx)`.
   */
  pollingStreams?: boolean | ((request: JsonRpcRequest) => boolean);
  /** Also serve the 2024-11-05 HTTP+SSE transport (GET `/sse` + POST `/messages`). */
  legacySse?: boolean | { ssePath?: string; messagesPath?: string };
  /** Largest request body accepted (default 4 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /**
   * Request bodies held in memory at once, across every connection (default 32 MiB, or
   * twice `maxBodyBytes` when that is more). A body that does not fit gets 503 with
   * Retry-After; a quarter is kept for bodies of 64 KiB and under, so ordinary requests
   * pass while large uploads wait. Must be at least 4/3 of `maxBodyBytes`.
   */
  maxBufferedBytes?: number;
  /** How long a request body may take to arrive in full (default 30 s); slower ones get 408. */
  bodyTimeoutMs?: number;
  /** Host header values accepted (`name` or `name:port`). Default: localhost, 127.0.0.1 and [::1]. */
  allowedHosts?: string[];
  /** Origin header values accepted besides those of the allowed hosts; `"*"` accepts any. An absent Origin is always accepted. */
  allowedOrigins?: string[];
  /** Host and Origin validation against DNS rebinding (default true). */
  dnsRebindingProtection?: boolean;
  /** Answer CORS preflights and expose the MCP headers to browsers. */
  cors?: boolean | CorsOptions;
  /** Interval of SSE keep-alive comments on long-lived streams (default 15 s). */
  keepAliveMs?: number;
  /**
   * Runs per request; its result becomes `ctx.auth`. To refuse, throw an `HttpError` (a status
   * and headers, such as 401 with `WWW-Authenticate`) or an `McpError` with an HTTP status.
   */
  authenticate?: (request: HttpRequestInfo) => AuthInfo | undefined | Promise<AuthInfo | undefined>;
  /**
   * Documents served beside the MCP endpoint, by exact path, to GET and HEAD, without
   * `authenticate`: `"/.well-known/oauth-protected-resource/mcp": () => ({ json: {...} })`.
   */
  routes?: Record<string, HttpRoute>;
  /**
   * Headers of the 403 answer when a component's `scopes` are missing from the caller's token
   * (`WWW-Authenticate: Bearer error="insufficient_scope", scope=...`); `bearerAuth` sets it.
   */
  scopeChallenge?: (scopes: readonly string[]) => Record<string, string>;
}

export interface SessionOptions {
  /** A session with no request and no open stream for this long is ended (default 30 min). */
  idleTimeoutMs?: number;
  /**
   * Most sessions held at once (default 10,000). When full, the least recently used idle
   * session is evicted; when none is idle, `initialize` gets 503 with Retry-After.
   */
  maxSessions?: number;
  /** Where session records and the event log live (default in memory); share one to scale out. */
  store?: Store;
}

export interface ResumabilityOptions {
  /** The SSE `retry` the client waits before reconnecting (default 1000 ms). */
  retryMs?: number;
  /** Events kept per stream for replay (default 1000). */
  maxEventsPerStream?: number;
  /**
   * Where events are kept for replay. Default: in this process, or on `sessions.store` when
   * one is given (`StoreEventLog`); a store shared by several instances brings a native log.
   */
  eventLog?: EventLog;
}

export interface CorsOptions {
  /** Origins allowed to call from a browser, or "*" (default: the allowed origins). */
  origins?: string[] | "*";
  /** How long a browser may cache a preflight answer (default 86,400 s). */
  maxAgeSeconds?: number;
}

/** `serveHttp` options: the handler's plus where to listen. */
export interface ServeHttpOptions extends HttpOptions {
  /** Interface to bind (default 127.0.0.1: local only). */
  host?: string;
  /** Port (default 8000; 0 picks a free one). */
  port?: number;
  /** How long `close()` waits for requests in flight before cancelling them (default 10 s). */
  drainTimeoutMs?: number;
  /** How long a client may take to send its request headers (default 20 s); then 408 and the connection closes. */
  headersTimeoutMs?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MAX_SESSIONS = 10_000;
export const DEFAULT_KEEP_ALIVE_MS = 15_000;
export const DEFAULT_RETRY_MS = 1000;

/** The options with every default filled in, as the endpoints read them. */
export interface ResolvedHttpOptions {
  path: string;
  legacy: boolean;
  stateless: boolean;
  jsonResponse: boolean;
  idleTimeoutMs: number;
  maxSessions: number;
  store: Store | undefined;
  resumable: boolean;
  retryMs: number;
  maxEventsPerStream: number;
  eventLog: EventLog;
  polling: (request: JsonRpcRequest) => boolean;
  maxBodyBytes: number;
  /** The one budget every request body of this transport is read under. */
  bodies: BodyBudget;
  keepAliveMs: number;
  authenticate: HttpOptions["authenticate"];
  routes: Map<string, HttpRoute>;
  scopeChallenge: HttpOptions["scopeChallenge"];
  legacySse: { ssePath: string; messagesPath: string } | undefined;
}

export function resolveHttpOptions(options: HttpOptions): ResolvedHttpOptions {
  const polling = options.pollingStreams;
  const sse = options.legacySse;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxBufferedBytes = options.maxBufferedBytes ?? Math.max(DEFAULT_MAX_BUFFERED_BYTES, 2 * maxBodyBytes);
  const resumability = options.resumability || undefined;
  const store = options.sessions?.store;
  const maxEventsPerStream = resumability?.maxEventsPerStream ?? 1000;
  const idleTimeoutMs = options.sessions?.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const limits = { ttlMs: idleTimeoutMs, maxPerStream: maxEventsPerStream };
  return {
    path: options.path ?? "/mcp",
    legacy: options.legacy !== false,
    stateless: options.stateless === true,
    jsonResponse: options.jsonResponse === true,
    idleTimeoutMs,
    maxSessions: options.sessions?.maxSessions ?? DEFAULT_MAX_SESSIONS,
    store,
    resumable: options.resumability !== false,
    retryMs: resumability?.retryMs ?? DEFAULT_RETRY_MS,
    maxEventsPerStream,
    eventLog: resumability?.eventLog ?? (store ? new StoreEventLog(store, limits) : new MemoryEventLog(limits)),
    polling: typeof polling === "function" ? polling : () => polling === true,
    maxBodyBytes,
    bodies: new BodyBudget(maxBufferedBytes, maxBodyBytes, options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS),
    keepAliveMs: options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
    authenticate: options.authenticate,
    routes: routeTable(options.routes, options.path ?? "/mcp"),
    scopeChallenge: options.scopeChallenge,
    legacySse: sse
      ? {
          ssePath: (typeof sse === "object" && sse.ssePath) || "/sse",
          messagesPath: (typeof sse === "object" && sse.messagesPath) || "/messages",
        }
      : undefined,
  };
}
