/**
 * The core of the HTTP transport, shared by the node and fetch front doors: security
 * checks, routing, and the era of each POST. A request is modern when its `_meta` carries
 * a protocol version, or its MCP-Protocol-Version header names a version that is not a
 * legacy one; everything else is legacy (sessions, `initialize`). One endpoint serves both.
 */
import { principalOf } from "../../wire/principal.ts";
import { ErrorCode, HttpError, McpError } from "../../protocol/errors.ts";
import { LEGACY_VERSIONS, MetaKey } from "../../protocol/versions.ts";
import type { AuthInfo } from "../../server/context.ts";
import type { Closable, McpServer } from "../../server/mcp-server.ts";
import { readMessage } from "./body.ts";
import { Drain } from "./drain.ts";
import type { HttpExchange } from "./exchange.ts";
import { LegacyEndpoint } from "./legacy-http.ts";
import { LegacySseEndpoint } from "./legacy-sse.ts";
import { ModernEndpoint } from "./modern-http.ts";
import { resolveHttpOptions, type HttpOptions, type ResolvedHttpOptions } from "./options.ts";
import { accepts, lowerCaseHeaders, replyEmpty, replyError, TransportErrorCode } from "./replies.ts";
import { serveRoute } from "./routes.ts";
import { RequestGuard, type BoundAddress } from "./security.ts";

const LEGACY_HEADER_VERSIONS = new Set<string>(LEGACY_VERSIONS);

export class HttpTransportCore implements Closable {
  readonly options: ResolvedHttpOptions;
  private readonly guard: RequestGuard;
  private readonly modern: ModernEndpoint;
  private readonly legacy: LegacyEndpoint | undefined;
  private readonly legacySse: LegacySseEndpoint | undefined;
  private readonly drain = new Drain();
  private readonly allow: string;
  private started = false;
  private starting: Promise<void> | undefined;
  private readonly untrack: () => void;

  constructor(
    private readonly server: McpServer<unknown>,
    options: HttpOptions = {},
    bound?: BoundAddress,
  ) {
    this.options = resolveHttpOptions(options);
    this.guard = new RequestGuard(options, bound);
    this.modern = new ModernEndpoint(server, this.drain, this.options.keepAliveMs, this.options.scopeChallenge);
    if (this.options.legacy) this.legacy = new LegacyEndpoint(server, this.options, this.drain);
    if (this.options.legacySse) this.legacySse = new LegacySseEndpoint(server, this.options, this.drain);
    this.allow = this.legacy && !this.options.stateless ? "GET, POST, DELETE, OPTIONS" : "POST, OPTIONS";
    this.untrack = server.track(this);
  }

  /** Whether a path is one of ours (mounted handlers pass other paths on). */
  serves(path: string): boolean {
    const mcp = this.options.path;
    return path === mcp || path === `${mcp}/` || this.options.routes.has(path) || (this.legacySse?.serves(path) ?? false);
  }

  /** Serves one exchange; never rejects (a failure becomes a 500 answer). */
  async handle(ex: HttpExchange): Promise<void> {
    try {
      if (!this.started) await this.start();
      const refused = this.guard.check(ex);
      if (refused) return replyError(ex, 403, TransportErrorCode.ServerError, `Forbidden: ${refused}`);
      ex.extraHeaders = this.guard.corsHeaders(ex);
      if (ex.method === "OPTIONS") return this.guard.preflight(ex, this.allow);
      if (this.drain.draining) {
        return replyError(ex, 503, TransportErrorCode.ServerError, "The server is shutting down", undefined, undefined, {
          connection: "close",
          "retry-after": 1,
        });
      }
      const mcp = this.options.path;
      if (ex.path === mcp || ex.path === `${mcp}/`) return await this.endpoint(ex);
      const route = this.options.routes.get(ex.path);
      if (route) return await serveRoute(ex, route);
      if (this.legacySse?.serves(ex.path)) {
        const auth = await this.authenticate(ex);
        if (auth === false) return;
        return await this.legacySse.handle(ex, auth, principalOf(auth));
      }
      replyError(ex, 404, TransportErrorCode.ServerError, `Not Found: the MCP endpoint is ${mcp}`);
    } catch (error) {
      process.emitWarning(`mcpkit: HTTP request failed: ${(error as Error)?.stack ?? error}`);
      if (!ex.finished) replyError(ex, 500, ErrorCode.InternalError, "Internal error");
    }
  }

  private start(): Promise<void> {
    this.starting ??= this.server.start().then(() => {
      this.started = true;
    });
    return this.starting;
  }

  private async endpoint(ex: HttpExchange): Promise<void> {
    const method = ex.method;
    if (method !== "POST" && method !== "GET" && method !== "DELETE") {
      return replyError(ex, 405, TransportErrorCode.ServerError, `Method Not Allowed: use ${this.allow}`, undefined, undefined, {
        allow: this.allow,
      });
    }
    const legacy = this.legacy;
    // GET and DELETE exist only on legacy sessions; a modern client gets 405 (as the spec asks).
    if (method !== "POST" && (!legacy || this.options.stateless || this.isModernHeader(ex))) {
      return replyError(
        ex,
        405,
        TransportErrorCode.ServerError,
        `Method Not Allowed: this endpoint takes ${this.allow}`,
        undefined,
        undefined,
        { allow: this.allow },
      );
    }
    const auth = this.options.authenticate ? await this.authenticate(ex) : undefined;
    if (auth === false) return;
    if (method === "GET") return legacy!.get(ex, auth);
    if (method === "DELETE") return legacy!.delete(ex, auth);

    const accept = accepts(ex.header("accept"));
    if (!accept.json && !accept.sse) {
      return replyError(ex, 406, ErrorCode.InvalidRequest, "Not Acceptable: accept application/json and text/event-stream");
    }
    const inbound = await readMessage(ex, this.options.bodies);
    if (!inbound) return;
    const params = inbound.kind === "response" ? undefined : inbound.message.params;
    const modern = (params?._meta !== undefined && params._meta[MetaKey.protocolVersion] !== undefined) || this.isModernHeader(ex);
    if (!modern && legacy) return legacy.post(ex, inbound, auth);
    switch (inbound.kind) {
      case "request":
        return this.modern.request(ex, inbound.message, auth, accept.sse);
      case "notification":
        return replyEmpty(ex, 202);
      case "response":
        // Not a request, so the error carries no id (JSON-RPC answers only requests).
        return replyError(
          ex,
          400,
          ErrorCode.InvalidRequest,
          "Unexpected JSON-RPC response: the 2026-07-28 server sends no requests to answer",
        );
    }
  }

  /** An MCP-Protocol-Version header that names no legacy version marks a modern request. */
  private isModernHeader(ex: HttpExchange): boolean {
    const version = ex.header("mcp-protocol-version");
    return version !== undefined && !LEGACY_HEADER_VERSIONS.has(version.trim());
  }

  /** Runs the `authenticate` hook; false when it refused (the answer is sent). */
  private async authenticate(ex: HttpExchange): Promise<AuthInfo | undefined | false> {
    const hook = this.options.authenticate;
    if (!hook) return undefined;
    try {
      return await hook(ex.info);
    } catch (error) {
      if (error instanceof HttpError) {
        replyError(ex, error.status, error.code, error.message, undefined, error.data, lowerCaseHeaders(error.headers));
      } else if (error instanceof McpError && error.httpStatus !== undefined) {
        replyError(ex, error.httpStatus, error.code, error.message, undefined, error.data);
      } else {
        replyError(ex, 500, ErrorCode.InternalError, "Internal error: authentication failed");
      }
      return false;
    }
  }

  /** Requests in flight (for tests and shutdown reporting). */
  get inFlight(): number {
    return this.drain.inFlight;
  }

  /**
   * Graceful shutdown: refuse new requests, end listen and GET streams now (listen streams
   * with their final result), give requests in flight `timeoutMs` to finish, then cancel.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.drain.draining) return;
    this.untrack();
    this.legacy?.endStreams();
    this.legacySse?.endStreams();
    await this.drain.close(timeoutMs);
    this.legacy?.close();
    this.legacySse?.close();
  }
}
