/**
 * The 2024-11-05 HTTP+SSE transport, deprecated but still spoken by old clients: GET on
 * the SSE path opens a stream whose first event (`endpoint`) names where to POST; every
 * answer and server message then travels on that stream, and each POST gets 202. The
 * session lives as long as the stream.
 */
import { ErrorCode } from "../../protocol/errors.ts";
import { errorResponse, type JsonRpcMessage, type JsonRpcRequest, type RequestId } from "../../protocol/jsonrpc.ts";
import type { AuthInfo, Context, HttpRequestInfo, RequestChannel } from "../../server/context.ts";
import type { McpServer } from "../../server/mcp-server.ts";
import { MemoryStore } from "../../state/store.ts";
import { LegacySession, type LegacyRequestExtras } from "../../wire/legacy.ts";
import { readMessage } from "./body.ts";
import type { Drain, Drainable } from "./drain.ts";
import { queryParam, type CloseWatcher, type HttpExchange } from "./exchange.ts";
import type { ResolvedHttpOptions } from "./options.ts";
import { accepts, replyError, TransportErrorCode } from "./replies.ts";
import { newSessionId, SessionTable, type ManagedSession } from "./sessions.ts";
import { KeepAlive, SseWriter } from "./sse.ts";
import { idInUseMessage } from "../../wire/responses.ts";

class SseSession implements ManagedSession, CloseWatcher, Drainable {
  readonly legacy: LegacySession;
  readonly inFlight = new Map<RequestId, Context<never>>();
  lastSeen = Date.now();
  private readonly writer: SseWriter;
  readonly send = (message: JsonRpcMessage): void => this.writer.message(message, undefined, "message");

  constructor(
    server: McpServer<unknown>,
    readonly id: string,
    readonly principal: string | undefined,
    private readonly endpoint: LegacySseEndpoint,
    ex: HttpExchange,
  ) {
    this.legacy = new LegacySession(server, this.send);
    this.legacy.id = id;
    this.writer = new SseWriter(ex);
    KeepAlive.watch(this.writer, endpoint.options.keepAliveMs);
    ex.watchClose(this);
  }

  get busy(): boolean {
    return !this.writer.closed;
  }

  announce(messagesPath: string): void {
    this.writer.raw("endpoint", `${messagesPath}?sessionId=${this.id}`);
  }

  exchangeClosed(): void {
    this.endpoint.ended(this);
  }

  shutdown(): void {
    this.endpoint.ended(this);
  }

  close(): void {
    this.legacy.close();
    for (const ctx of this.inFlight.values()) ctx.cancel(new Error("The SSE stream closed"));
    this.inFlight.clear();
    this.writer.end();
  }
}

/** One request on the SSE transport: everything it sends rides the session's stream. */
class SseCall implements RequestChannel, LegacyRequestExtras {
  readonly request: RequestChannel["request"];

  constructor(
    private readonly session: SseSession,
    private readonly id: RequestId,
    readonly http: HttpRequestInfo,
    readonly auth: AuthInfo | undefined,
  ) {
    this.request = (method, params, signal) => session.legacy.request(session.send, method, params, signal);
  }

  onContext(ctx: Context<never>): void {
    this.session.inFlight.set(this.id, ctx);
  }

  notify(method: string, params: Record<string, unknown>): void {
    this.session.send({ jsonrpc: "2.0", method, params });
  }
}

export class LegacySseEndpoint {
  private readonly sessions: SessionTable<SseSession>;
  private readonly ssePath: string;
  private readonly messagesPath: string;

  constructor(
    private readonly server: McpServer<unknown>,
    readonly options: ResolvedHttpOptions,
    private readonly drain: Drain,
  ) {
    this.ssePath = options.legacySse!.ssePath;
    this.messagesPath = options.legacySse!.messagesPath;
    this.sessions = new SessionTable(options.idleTimeoutMs, options.maxSessions, options.store ?? new MemoryStore(), server.bus);
  }

  serves(path: string): boolean {
    return path === this.ssePath || path === this.messagesPath;
  }

  async handle(ex: HttpExchange, auth: AuthInfo | undefined, principal: string | undefined): Promise<void> {
    if (ex.path === this.ssePath) {
      if (ex.method !== "GET")
        return replyError(ex, 405, TransportErrorCode.ServerError, `Method Not Allowed: ${this.ssePath} takes GET`, undefined, undefined, {
          allow: "GET",
        });
      return this.open(ex, principal);
    }
    if (ex.method !== "POST")
      return replyError(
        ex,
        405,
        TransportErrorCode.ServerError,
        `Method Not Allowed: ${this.messagesPath} takes POST`,
        undefined,
        undefined,
        { allow: "POST" },
      );
    return this.post(ex, auth, principal);
  }

  private open(ex: HttpExchange, principal: string | undefined): void {
    if (!accepts(ex.header("accept")).sse)
      return replyError(ex, 406, ErrorCode.InvalidRequest, "Not Acceptable: the SSE endpoint needs Accept: text/event-stream");
    const id = newSessionId();
    if (this.sessions.size >= this.options.maxSessions && !this.sessions.all().some((s) => !s.busy)) {
      return replyError(ex, 503, TransportErrorCode.ServerError, "Too many sessions; try again shortly", undefined, undefined, {
        "retry-after": 5,
      });
    }
    const session = new SseSession(this.server, id, principal, this, ex);
    this.sessions.add(session);
    this.drain.addStream(session);
    session.announce(this.messagesPath);
  }

  /** The stream closed (client gone or shutdown): the session ends with it. */
  ended(session: SseSession): void {
    this.drain.removeStream(session);
    this.sessions.end(session.id);
  }

  private async post(ex: HttpExchange, auth: AuthInfo | undefined, principal: string | undefined): Promise<void> {
    const id = queryParam(ex.query, "sessionId");
    if (!id) return replyError(ex, 400, TransportErrorCode.ServerError, "Bad Request: missing sessionId query parameter");
    const session = this.sessions.get(id);
    if (!session || session.principal !== principal)
      return replyError(ex, 404, TransportErrorCode.SessionNotFound, "Session not found: open a new SSE stream");
    const inbound = await readMessage(ex, this.options.bodies);
    if (!inbound) return;
    ex.respond(202, { "content-type": "text/plain" }, "Accepted");
    switch (inbound.kind) {
      case "request":
        return this.request(session, inbound.message, ex.info, auth);
      case "response":
        session.legacy.handleResponse(inbound.message);
        return;
      case "notification": {
        const notification = inbound.message;
        if (notification.method === "notifications/cancelled") {
          const requestId = notification.params?.requestId as RequestId | undefined;
          if (requestId !== undefined) session.inFlight.get(requestId)?.cancel(notification.params?.reason ?? "Cancelled by the client");
          return;
        }
        return session.legacy.handleNotification(notification);
      }
    }
  }

  private async request(session: SseSession, request: JsonRpcRequest, http: HttpRequestInfo, auth: AuthInfo | undefined): Promise<void> {
    if (session.inFlight.has(request.id)) {
      // The answer could not be told apart from the one already owed under that id.
      return session.send(errorResponse(request.id, ErrorCode.InvalidRequest, idInUseMessage(request.id)));
    }
    if (request.method === "initialize")
      return session.send(await session.legacy.initialize(request, undefined, { http, ...(auth ? { auth } : {}) }));
    const call = new SseCall(session, request.id, http, auth);
    const response = await session.legacy.handle(request, call, call);
    const ctx = session.inFlight.get(request.id);
    session.inFlight.delete(request.id);
    if (!ctx?.cancelled) session.send(response);
  }

  endStreams(): void {
    for (const session of this.sessions.all()) this.ended(session);
  }

  close(): void {
    this.sessions.close();
  }
}
