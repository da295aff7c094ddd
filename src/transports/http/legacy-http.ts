/**
 * The legacy era (2025-11-25 and older) over Streamable HTTP: `initialize` opens a session
 * (`Mcp-Session-Id`), later requests name it, GET opens the stream for server-initiated
 * messages or resumes one after `Last-Event-ID`, DELETE ends it. In stateless mode every
 * request stands alone and no session exists.
 */
import { principalOf } from "../../wire/principal.ts";
import { ErrorCode } from "../../protocol/errors.ts";
import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, JsonRpcResponse, RequestId } from "../../protocol/jsonrpc.ts";
import { LEGACY_VERSIONS } from "../../protocol/versions.ts";
import type { AuthInfo } from "../../server/context.ts";
import type { McpServer } from "../../server/mcp-server.ts";
import { MemoryStore } from "../../state/store.ts";
import { LegacySession } from "../../wire/legacy.ts";
import type { Drain } from "./drain.ts";
import { parseEventId, SessionEventLog } from "./event-log.ts";
import type { HttpExchange } from "./exchange.ts";
import { HttpSession, isStandaloneStreamId, type SessionRecord, type SessionSettings } from "./http-session.ts";
import { LegacyCall } from "./legacy-call.ts";
import { replayLogged } from "./legacy-stream.ts";
import type { ResolvedHttpOptions } from "./options.ts";
import { accepts, replyEmpty, replyError, replyJson, TransportErrorCode } from "./replies.ts";
import { newSessionId, SessionTable } from "./sessions.ts";
import { SseWriter } from "./sse.ts";
import { idInUseMessage } from "../../wire/responses.ts";

export type LegacyMessage =
  | { kind: "request"; message: JsonRpcRequest }
  | { kind: "notification"; message: JsonRpcNotification }
  | { kind: "response"; message: JsonRpcResponse };

/** Methods that change what the session record holds. */
const RECORDED_METHODS = new Set(["logging/setLevel", "resources/subscribe", "resources/unsubscribe"]);
const ignore = () => {};

export class LegacyEndpoint {
  readonly sessions: SessionTable<HttpSession> | undefined;
  private readonly settings: SessionSettings;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    private readonly server: McpServer<unknown>,
    private readonly options: ResolvedHttpOptions,
    private readonly drain: Drain,
  ) {
    let log: SessionEventLog | undefined;
    if (!options.stateless) {
      const sessions = new SessionTable<HttpSession>(
        options.idleTimeoutMs,
        options.maxSessions,
        options.store ?? new MemoryStore(),
        server.bus,
        !!options.store,
      );
      this.sessions = sessions;
      if (options.resumable) log = new SessionEventLog(options.eventLog);
      // What the client sends for a request running on another instance reaches it over the bus.
      this.unsubscribers.push(
        server.bus.subscribe("client-response", ({ sessionId, response }) => {
          sessions.peek(sessionId)?.legacy.handleResponse(response);
        }),
        server.bus.subscribe("session-changed", ({ sessionId }) => {
          const live = sessions.peek(sessionId);
          if (live) void this.refresh(live);
        }),
        server.bus.subscribe("client-cancelled", ({ sessionId, requestId, reason }) => {
          sessions
            .peek(sessionId)
            ?.inFlight.get(requestId)
            ?.cancel(reason ?? "Cancelled by the client");
        }),
      );
    }
    this.settings = { log, retryMs: options.retryMs, keepAliveMs: options.keepAliveMs };
  }

  async post(ex: HttpExchange, inbound: LegacyMessage, auth: AuthInfo | undefined): Promise<void> {
    const accept = accepts(ex.header("accept"));
    const sseAllowed = accept.sse && !this.options.jsonResponse;
    if (!this.sessions) return this.statelessPost(ex, inbound, auth, sseAllowed);
    if (inbound.kind === "request" && inbound.message.method === "initialize") {
      return this.initialize(ex, inbound.message, auth, !accept.json && accept.sse);
    }
    const session = await this.lookup(ex, auth);
    if (!session) return;
    switch (inbound.kind) {
      case "notification":
        this.notification(session, inbound.message);
        return replyEmpty(ex, 202);
      case "response":
        if (!session.legacy.handleResponse(inbound.message)) {
          this.server.bus.publish("client-response", { sessionId: session.id, response: inbound.message });
        }
        return replyEmpty(ex, 202);
      case "request":
        return this.request(ex, session, inbound.message, auth, sseAllowed);
    }
  }

  private async initialize(ex: HttpExchange, request: JsonRpcRequest, auth: AuthInfo | undefined, sseOnly: boolean): Promise<void> {
    const sessions = this.sessions!;
    const session = new HttpSession(this.server, newSessionId(), this.settings);
    if (!sessions.add(session)) {
      return replyError(
        ex,
        503,
        TransportErrorCode.ServerError,
        `Too many sessions (${this.options.maxSessions}) and none idle; try again shortly`,
        request.id,
        undefined,
        { "retry-after": 5 },
      );
    }
    const response = await session.legacy.initialize(request, undefined, { http: ex.info, ...(auth ? { auth } : {}) });
    if ("error" in response) {
      sessions.end(session.id);
      return replyJson(ex, 200, response);
    }
    session.principal = principalOf(auth);
    this.save(session);
    const headers = { "mcp-session-id": session.id };
    if (!sseOnly) return replyJson(ex, 200, response, headers);
    const writer = new SseWriter(ex, headers);
    writer.message(response);
    writer.end();
  }

  private async request(
    ex: HttpExchange,
    session: HttpSession,
    request: JsonRpcRequest,
    auth: AuthInfo | undefined,
    sseAllowed: boolean,
  ): Promise<void> {
    if (session.inFlight.has(request.id)) {
      return replyError(ex, 400, ErrorCode.InvalidRequest, idInUseMessage(request.id), request.id);
    }
    const call = this.call(ex, session, request, sseAllowed, auth);
    if (sseAllowed && this.options.polling(request)) call.closeStream();
    call.finish(await session.legacy.handle(request, call, call));
    if (RECORDED_METHODS.has(request.method)) this.save(session, true);
  }

  /** One request in flight, on a session or (stateless) on none. */
  private call(
    ex: HttpExchange,
    session: HttpSession | undefined,
    request: JsonRpcRequest,
    sseAllowed: boolean,
    auth: AuthInfo | undefined,
  ): LegacyCall {
    return new LegacyCall(
      this.drain,
      ex,
      session,
      request,
      sseAllowed,
      this.options.keepAliveMs,
      ex.info,
      auth,
      this.options.scopeChallenge,
    );
  }

  private notification(session: HttpSession, notification: JsonRpcNotification): void {
    if (notification.method === "notifications/cancelled") {
      const requestId = notification.params?.requestId as RequestId | undefined;
      if (requestId === undefined) return;
      const reason = typeof notification.params?.reason === "string" ? notification.params.reason : "Cancelled by the client";
      const local = session.inFlight.get(requestId);
      if (local) local.cancel(reason);
      else this.server.bus.publish("client-cancelled", { sessionId: session.id, requestId, reason });
      return;
    }
    session.legacy.handleNotification(notification);
    if (notification.method === "notifications/initialized") this.save(session);
  }

  private async statelessPost(ex: HttpExchange, inbound: LegacyMessage, auth: AuthInfo | undefined, sseAllowed: boolean): Promise<void> {
    if (inbound.kind !== "request") return replyEmpty(ex, 202);
    const request = inbound.message;
    // A throwaway session per request: nothing one client sets is seen by another.
    const legacy = new LegacySession(this.server, ignore);
    if (request.method === "initialize") {
      const response = await legacy.initialize(request, undefined, { http: ex.info, ...(auth ? { auth } : {}) });
      legacy.close();
      return replyJson(ex, 200, response);
    }
    const version = ex.header("mcp-protocol-version")?.trim();
    // Without the header, the spec says to assume 2025-03-26.
    legacy.protocolVersion = version !== undefined && (LEGACY_VERSIONS as readonly string[]).includes(version) ? version : "2025-03-26";
    const call = this.call(ex, undefined, request, sseAllowed, auth);
    call.finish(await legacy.handle(request, call, call));
  }

  /** GET: the session's stream for server-initiated messages, or a resumed stream after Last-Event-ID. */
  async get(ex: HttpExchange, auth: AuthInfo | undefined): Promise<void> {
    if (!accepts(ex.header("accept")).sse)
      return replyError(ex, 406, ErrorCode.InvalidRequest, "Not Acceptable: a GET stream needs Accept: text/event-stream");
    const session = await this.lookup(ex, auth);
    if (!session) return;
    const lastEventId = ex.header("last-event-id");
    if (lastEventId !== undefined && session.log) return this.resume(ex, session, lastEventId.trim());
    if (session.standalone?.attached) {
      return replyError(ex, 409, ErrorCode.InvalidRequest, "Conflict: this session already has a GET stream open");
    }
    const stream = session.openStandalone();
    ex.watchClose(stream);
    stream.attach(ex);
  }

  private async resume(ex: HttpExchange, session: HttpSession, lastEventId: string): Promise<void> {
    const parsed = parseEventId(lastEventId);
    if (!parsed) return replyError(ex, 400, ErrorCode.InvalidRequest, `Last-Event-ID "${lastEventId}" is not an event id of this server`);
    const live = session.findStream(parsed.streamId);
    if (live) {
      ex.watchClose(live);
      return live.resume(ex, parsed.seq);
    }
    // A GET stream whose instance is gone (scale-out): what it logged after the client's last
    // event, then this instance's GET stream for the session from here on.
    if (isStandaloneStreamId(parsed.streamId) && !session.standalone?.attached) {
      const missed = (await session.log!.after(session.id, parsed.streamId, parsed.seq)) ?? [];
      const stream = session.openStandalone();
      ex.watchClose(stream);
      stream.attach(ex);
      for (const event of missed) stream.send(event.message as JsonRpcMessage);
      return;
    }
    if (!(await replayLogged(ex, session.log!, session.id, parsed.streamId, parsed.seq))) {
      replyError(
        ex,
        400,
        ErrorCode.InvalidRequest,
        `Nothing to resume after Last-Event-ID "${lastEventId}": the stream finished or expired`,
      );
    }
  }

  /** DELETE: the client ends its session; the id answers 404 from now on. */
  async delete(ex: HttpExchange, auth: AuthInfo | undefined): Promise<void> {
    const session = await this.lookup(ex, auth);
    if (!session) return;
    this.sessions!.end(session.id);
    replyEmpty(ex, 204);
  }

  /** The session a request names: 400 without an id, 404 for one that ended, expired or belongs to someone else. */
  private async lookup(ex: HttpExchange, auth: AuthInfo | undefined): Promise<HttpSession | undefined> {
    const id = ex.header("mcp-session-id")?.trim();
    if (!id) {
      replyError(
        ex,
        400,
        TransportErrorCode.ServerError,
        "Bad Request: missing Mcp-Session-Id header; send initialize first to open a session",
      );
      return undefined;
    }
    const sessions = this.sessions!;
    const session = sessions.get(id) ?? (await this.revive(id));
    if (!session || session.principal !== principalOf(auth)) {
      replyError(ex, 404, TransportErrorCode.SessionNotFound, "Session not found: it ended or expired; send initialize to open a new one");
      return undefined;
    }
    if (Date.now() - session.savedAt > this.options.idleTimeoutMs / 4) this.save(session);
    return session;
  }

  /** Picks up a session another instance (sharing the Store) opened. */
  private async revive(id: string): Promise<HttpSession | undefined> {
    const sessions = this.sessions!;
    const record = await sessions.loadRecord<SessionRecord>(id);
    if (!record) return undefined;
    const existing = sessions.get(id); // another request may have revived it meanwhile
    if (existing) return existing;
    const session = new HttpSession(this.server, id, this.settings);
    session.legacy.restore(record.session);
    session.principal = record.principal;
    session.savedAt = Date.now();
    if (!sessions.add(session)) {
      session.close();
      return undefined;
    }
    return session;
  }

  /** Writes the session's record; `changed`: tell the other instances holding it to reload it. */
  private save(session: HttpSession, changed = false): void {
    session.savedAt = Date.now();
    this.sessions!.saveRecord(session.id, session.record()).then(
      () => {
        if (changed && this.options.store) this.server.bus.publish("session-changed", { sessionId: session.id });
      },
      (error: unknown) => {
        process.emitWarning(`mcpkit: could not save session ${session.id}: ${(error as Error)?.message ?? error}`);
      },
    );
  }

  /** Another instance changed this session: take its record. */
  private async refresh(session: HttpSession): Promise<void> {
    const record = await this.sessions!.loadRecord<SessionRecord>(session.id).catch(() => undefined);
    if (record) session.legacy.restore(record.session);
  }

  /** Shutdown: ends every GET stream now (requests are drained separately). */
  endStreams(): void {
    for (const session of this.sessions?.all() ?? []) session.standalone?.endWriter();
  }

  close(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.sessions?.close();
  }
}
