/**
 * One legacy request in flight over HTTP: where its notifications and server-to-client
 * requests go, and how its answer leaves. Like the modern era, the answer starts as a
 * pending JSON body and becomes an SSE stream when a message comes first; on a session
 * that stream is resumable, and a disconnect does not cancel the request.
 */
import { ErrorCode, McpError } from "../../protocol/errors.ts";
import type { JsonRpcMessage, JsonRpcRequest, JsonRpcResponse } from "../../protocol/jsonrpc.ts";
import type { AuthInfo, Context, HttpRequestInfo, RequestChannel } from "../../server/context.ts";
import type { LegacyRequestExtras } from "../../wire/legacy.ts";
import type { Drain, Drainable } from "./drain.ts";
import type { CloseWatcher, HttpExchange } from "./exchange.ts";
import type { HttpSession } from "./http-session.ts";
import type { LegacyStream } from "./legacy-stream.ts";
import { replyEmpty, replyJson, stepUpHeaders } from "./replies.ts";
import { KeepAlive, SseWriter } from "./sse.ts";

/** The call behind a handler's context, so `closeSseStream(ctx)` can reach its stream. */
const callsByContext = new WeakMap<object, LegacyCall>();

/**
 * SSE polling from inside a tool (2025-11-25 sessions): ends this request's SSE connection
 * now, after a priming event that tells the client where to resume. The handler keeps
 * running; the client reconnects with GET + Last-Event-ID and receives the rest, the result
 * included. Returns false where that is impossible (modern era, no session, no resumability).
 */
export function closeSseStream(ctx: Context<unknown>): boolean {
  return callsByContext.get(ctx)?.closeStream() ?? false;
}

export class LegacyCall implements RequestChannel, LegacyRequestExtras, CloseWatcher, Drainable {
  /** Server-to-client requests: only a session can route the client's answer back. */
  readonly request: RequestChannel["request"];
  private ctx: Context<never> | undefined;
  private stream: LegacyStream | undefined;
  private sse: SseWriter | undefined;
  private done = false;

  constructor(
    private readonly drain: Drain,
    private readonly ex: HttpExchange,
    private readonly session: HttpSession | undefined,
    private readonly rpc: JsonRpcRequest,
    private readonly sseAllowed: boolean,
    private readonly keepAliveMs: number,
    readonly http: HttpRequestInfo,
    readonly auth: AuthInfo | undefined,
    private readonly scopeChallenge: ((scopes: readonly string[]) => Record<string, string>) | undefined = undefined,
  ) {
    if (session) this.request = (method, params, signal) => this.ask(session, method, params, signal);
    ex.watchClose(this);
    drain.addRequest(this);
  }

  onContext(ctx: Context<never>): void {
    this.ctx = ctx;
    this.session?.inFlight.set(this.rpc.id, ctx);
    // Only a resumable session stream can be closed early; nothing else needs finding.
    if (this.session?.log && this.sseAllowed) callsByContext.set(ctx, this);
  }

  notify(method: string, params: Record<string, unknown>): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  private send(message: JsonRpcMessage): boolean {
    if (this.done) return false;
    const session = this.session;
    if (session) {
      if (this.sseAllowed) {
        (this.stream ?? this.upgrade(session)).send(message);
        return true;
      }
      return session.sendUnsolicited(message); // JSON-response mode: the GET stream carries it
    }
    if (!this.sseAllowed || this.ex.finished) return false;
    if (!this.sse) {
      this.sse = new SseWriter(this.ex);
      KeepAlive.watch(this.sse, this.keepAliveMs);
    }
    this.sse.message(message);
    return true;
  }

  private ask(
    session: HttpSession,
    method: string,
    params: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> {
    if (!this.sseAllowed && !session.reachable) {
      return Promise.reject(
        new McpError(
          ErrorCode.InternalError,
          `Cannot send ${method} to the client: JSON responses carry no server requests, and this session has no GET stream open`,
        ),
      );
    }
    return session.legacy.request(
      (message) => {
        this.send(message);
      },
      method,
      params,
      signal,
    );
  }

  /** The pending answer becomes this request's SSE stream. */
  private upgrade(session: HttpSession): LegacyStream {
    const stream = session.openStream();
    this.stream = stream;
    if (!this.ex.finished) stream.attach(this.ex);
    return stream;
  }

  /** SSE polling: prime the stream, then end the connection; the request goes on. */
  closeStream(): boolean {
    const session = this.session;
    if (this.done || !session || !this.sseAllowed || !session.log || !session.primes) return false;
    (this.stream ?? this.upgrade(session)).detach();
    return true;
  }

  /** Sends the answer; a cancelled request gets none (both eras say so), unless `always`. The HTTP response ends either way. */
  finish(response: JsonRpcResponse, always = false): void {
    if (this.done) return;
    this.done = true;
    this.drain.removeRequest(this);
    this.session?.inFlight.delete(this.rpc.id);
    const answer = always || !this.ctx?.cancelled ? response : undefined;
    if (this.stream) return this.stream.complete(answer);
    if (this.sse) {
      if (answer) this.sse.message(answer);
      return this.sse.end();
    }
    if (this.ex.finished) return;
    if (!answer) return replyEmpty(this.ex, 204);
    // Missing scopes are answered at the HTTP level as well, while the answer is still plain JSON: 403 and the challenge.
    const stepUp = stepUpHeaders(answer, this.scopeChallenge);
    replyJson(this.ex, stepUp ? 403 : 200, answer, stepUp);
  }

  exchangeClosed(ex: HttpExchange): void {
    if (this.stream) {
      this.stream.exchangeClosed(ex);
      // Resumable: the client may come back for the rest (disconnecting is not cancelling).
      if (this.stream.resumable) return;
    }
    this.ctx?.cancel(new McpError(ErrorCode.RequestTimeout, "The client closed the request"));
  }

  shutdown(): void {
    this.ctx?.cancel(new McpError(ErrorCode.ConnectionClosed, "The server is shutting down"));
    this.finish(
      {
        jsonrpc: "2.0",
        id: this.rpc.id,
        error: { code: ErrorCode.InternalError, message: "The server shut down before the request finished" },
      },
      true,
    );
  }
}
