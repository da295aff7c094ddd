/**
 * One stream connection (stdio, in-memory): sorts each inbound message by era, runs it,
 * and writes answers back. Modern requests stand alone; `initialize` opens a legacy session
 * that later requests without a modern `_meta` belong to.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import {
  errorResponse,
  type Inbound,
  type JsonRpcMessage,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type RequestId,
} from "../protocol/jsonrpc.ts";
import type { MessageTransport } from "../protocol/transport.ts";
import type { AuthInfo, Context, RequestChannel } from "../server/context.ts";
import type { Closable, McpServer } from "../server/mcp-server.ts";
import { LegacySession } from "./legacy.ts";
import { ListenStream } from "./listen.ts";
import { isModernRequest, modernCodec, readEnvelope, type ModernCodec } from "./modern.ts";
import { toErrorResponse, idInUseMessage } from "./responses.ts";

/** How long a graceful close waits for requests in flight, as over HTTP. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

export class StreamConnection implements Closable {
  private legacy: LegacySession | undefined;
  private readonly inFlight = new Map<RequestId, Context<never>>();
  /** Requests whose answer is still owed (a context may not exist yet for some). */
  private readonly answering = new Set<RequestId>();
  private draining: Promise<void> | undefined;
  private idle: (() => void) | undefined;
  private readonly listens = new Map<RequestId, ListenStream>();
  private readonly modern: ModernCodec;
  private readonly channel: RequestChannel;
  private readonly untrack: () => void;
  private closed = false;
  private markDone!: () => void;
  /** Settles once the connection has closed, from either side. */
  readonly done = new Promise<void>((resolve) => (this.markDone = resolve));

  constructor(
    private readonly server: McpServer<unknown>,
    private readonly transport: MessageTransport,
    private readonly drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS,
    /** Who is on the other end, when the embedder knows (the testing kit; stdio with credentials from the environment). */
    private readonly auth: AuthInfo | undefined = undefined,
  ) {
    this.modern = modernCodec(server);
    const send = this.send;
    this.channel = {
      notify: (method, params) => send({ jsonrpc: "2.0", method, params }),
      request: (method, params, signal) => {
        if (!this.legacy) return Promise.reject(new McpError(ErrorCode.InternalError, "No legacy session to send requests on"));
        return this.legacy.request(send, method, params, signal);
      },
    };
    this.untrack = server.track(this);
  }

  async start(): Promise<void> {
    await this.transport.start({
      onMessage: (inbound) => this.receive(inbound),
      onClose: () => void this.close(),
      // stdin at EOF: nothing more will come, but the answers owed are still written.
      onInputEnd: () => void this.drain(),
    });
  }

  private readonly send = (message: JsonRpcMessage): void => {
    if (!this.closed) this.transport.send(message);
  };

  receive(inbound: Inbound): void {
    switch (inbound.kind) {
      case "request":
        return this.onRequest(inbound.message);
      case "notification":
        return this.onNotification(inbound.message);
      case "response":
        this.legacy?.handleResponse(inbound.message);
        return;
      case "invalid":
        return this.send(inbound.error);
      case "dropped":
        return;
    }
  }

  private onRequest(request: JsonRpcRequest): void {
    if (this.draining)
      return this.send(errorResponse(request.id, ErrorCode.ConnectionClosed, "The server is shutting down: no new requests"));
    if (this.inFlight.has(request.id) || this.listens.has(request.id)) {
      return this.send(errorResponse(request.id, ErrorCode.InvalidRequest, idInUseMessage(request.id)));
    }
    if (isModernRequest(request.params)) {
      if (request.method === "subscriptions/listen") return this.openListen(request);
      return this.track(request, this.modern.handle(request, this.channel, this.extras(request)));
    }
    if (request.method === "initialize") {
      if (this.legacy) return this.send(errorResponse(request.id, ErrorCode.InvalidRequest, "This connection is already initialized"));
      this.legacy = new LegacySession(this.server, this.send);
      return this.track(request, this.legacy.initialize(request, this.channel, this.extras(request)));
    }
    if (this.legacy) {
      return this.track(request, this.legacy.handle(request, this.channel, this.extras(request)));
    }
    // Neither a modern envelope nor a session: say what is missing for either era.
    this.send(
      errorResponse(
        request.id,
        ErrorCode.InvalidParams,
        `Missing params._meta with "io.modelcontextprotocol/protocolVersion" (2026-07-28), or send initialize first (2025-11-25 and older)`,
      ),
    );
  }

  private track(request: JsonRpcRequest, answer: Promise<JsonRpcResponse>): void {
    this.answering.add(request.id);
    answer.then((response) => {
      const ctx = this.inFlight.get(request.id);
      this.inFlight.delete(request.id);
      if (this.answering.delete(request.id) && this.answering.size === 0) this.idle?.();
      // A cancelled request gets no answer (both eras say the receiver should not respond).
      if (ctx?.cancelled) return;
      this.send(response);
    });
  }

  private extras(request: JsonRpcRequest): { auth?: AuthInfo; onContext: (ctx: Context<never>) => void } {
    const onContext = (ctx: Context<never>) => void this.inFlight.set(request.id, ctx);
    return this.auth ? { auth: this.auth, onContext } : { onContext };
  }

  private openListen(request: JsonRpcRequest): void {
    try {
      readEnvelope(request.params);
      const stream = new ListenStream(this.server, request, this.send);
      this.listens.set(request.id, stream);
    } catch (error) {
      this.send(toErrorResponse(request.id, error, false));
    }
  }

  private onNotification(notification: JsonRpcNotification): void {
    if (notification.method === "notifications/cancelled") {
      const requestId = notification.params?.requestId as RequestId | undefined;
      if (requestId === undefined) return;
      const listen = this.listens.get(requestId);
      if (listen) {
        this.listens.delete(requestId);
        return listen.end(false);
      }
      this.inFlight.get(requestId)?.cancel(notification.params?.reason);
      return;
    }
    this.legacy?.handleNotification(notification);
  }

  /**
   * Graceful close (SIGTERM, SIGINT, stdin at EOF): new requests are refused, listen streams
   * end with their final result, requests in flight get `timeoutMs` to answer; those still
   * running then are answered with an error and cancelled, and the connection closes.
   * Answers from the client (legacy elicitation, sampling) are still read meanwhile.
   */
  drain(timeoutMs = this.drainTimeoutMs): Promise<void> {
    return (this.draining ??= this.drainNow(timeoutMs));
  }

  private async drainNow(timeoutMs: number): Promise<void> {
    if (this.closed) return;
    for (const listen of this.listens.values()) listen.end(true);
    this.listens.clear();
    if (this.answering.size > 0) {
      // Not unref'd: a handler awaiting something with no handle of its own must not let the process end unanswered.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.idle = undefined;
    }
    for (const id of this.answering) {
      const ctx = this.inFlight.get(id);
      // As over HTTP; a request the client cancelled still gets no answer.
      if (!ctx?.cancelled) this.send(errorResponse(id, ErrorCode.InternalError, "The server shut down before the request finished"));
      ctx?.cancel(new McpError(ErrorCode.ConnectionClosed, "The server is shutting down"));
    }
    this.answering.clear();
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const listen of this.listens.values()) listen.end(true);
    this.listens.clear();
    this.closed = true;
    this.idle?.(); // a drain still waiting has nothing left to wait for
    this.untrack();
    for (const ctx of this.inFlight.values()) ctx.cancel(new Error("The connection closed"));
    this.inFlight.clear();
    this.legacy?.close();
    await this.transport.close();
    this.markDone();
  }
}

/** Serves `server` over a message transport until either side closes. */
export async function connect(
  server: McpServer<unknown>,
  transport: MessageTransport,
  options: { drainTimeoutMs?: number; auth?: AuthInfo } = {},
): Promise<StreamConnection> {
  await server.start();
  const connection = new StreamConnection(server, transport, options.drainTimeoutMs, options.auth);
  await connection.start();
  return connection;
}
