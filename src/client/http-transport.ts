/**
 * Client side of Streamable HTTP, for both eras. Every message is one POST; the answer is
 * a JSON body, an SSE stream (notifications, server requests, then the response), or 202.
 *
 * Modern (2026-07-28) requests are recognised by the protocol version in their `_meta` and
 * carry the matching metadata headers; closing their stream is how they are cancelled.
 * Legacy requests carry the session (`Mcp-Session-Id` from the `initialize` answer) and the
 * negotiated `MCP-Protocol-Version`; the session gets a GET stream for server-initiated
 * messages when the server offers one, and a DELETE on close.
 *
 * HTTP failures never leave a request waiting: they come back as a JSON-RPC error for it.
 */
import { ErrorCode } from "../protocol/errors.ts";
import {
  classifyMessage,
  errorResponse,
  parseMessage,
  type Inbound,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type RequestId,
} from "../protocol/jsonrpc.ts";
import type { MessageTransport } from "../protocol/transport.ts";
import type { HttpAuthorizer } from "./http-auth.ts";
import { causeText, readRefusal, withAuthorization } from "./http-answers.ts";
import { modernVersionOf, ToolHeaderMap } from "./http-headers.ts";
import { readSse } from "./http-sse.ts";

export interface HttpClientTransportOptions {
  /** Sent with every HTTP request (authorization, for instance). */
  headers?: Record<string, string>;
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof fetch;
  /** Legacy era: open the GET stream for server-initiated messages when the server offers it (default true). */
  getStream?: boolean;
  /** How long close() waits for the server to acknowledge the session DELETE (default 2000 ms). */
  closeTimeoutMs?: number;
  /** Wait before resuming an interrupted legacy stream when the server names no `retry` (default 1000 ms). */
  reconnectDelayMs?: number;
  /** Legacy GET stream: how many failed reconnections in a row before doing without it (default 5). */
  maxReconnects?: number;
  /**
   * Credentials for a protected server: an `OAuthClient` (mcpkit/client), or anything that
   * supplies an Authorization header and answers the server's 401 and 403 challenges.
   */
  auth?: HttpAuthorizer;
}

/** How many times one message is sent again after its authorizer obtained new credentials. */
const MAX_AUTH_RETRIES = 8;

interface Handlers {
  onMessage(inbound: Inbound): void;
  onClose(): void;
}

/** A request of ours waiting for its answer. */
interface Outstanding {
  method: string;
  modern: boolean;
  controller: AbortController;
}

/** Where an SSE stream left off, for resuming it. */
interface StreamState {
  lastId: string | undefined;
  retry: number | undefined;
}

const isSse = (type: string | null) => type?.split(";")[0].trim().toLowerCase() === "text/event-stream";
const isJson = (type: string | null) => {
  const base = type?.split(";")[0].trim().toLowerCase() ?? "";
  return base === "application/json" || (base.startsWith("application/") && base.endsWith("+json"));
};

export class HttpClientTransport implements MessageTransport {
  readonly url: URL;
  /** Legacy: the session the server opened on `initialize`. */
  sessionId: string | undefined;
  /** Legacy: the version `initialize` settled on, sent as MCP-Protocol-Version afterwards. */
  protocolVersion: string | undefined;

  private handlers: Handlers | undefined;
  private closed = false;
  private getStreamOpened = false;
  private readonly outstanding = new Map<RequestId, Outstanding>();
  private readonly controllers = new Set<AbortController>();
  private readonly toolHeaders = new ToolHeaderMap();
  private readonly doFetch: typeof fetch;

  constructor(
    url: string | URL,
    private readonly options: HttpClientTransportOptions = {},
  ) {
    this.url = new URL(url);
    if (this.url.protocol !== "http:" && this.url.protocol !== "https:") {
      throw new TypeError(`HttpClientTransport needs an http(s) URL, not ${this.url.href}`);
    }
    const impl = options.fetch ?? globalThis.fetch;
    this.doFetch = (input, init) => impl(input, init);
  }

  start(handlers: Handlers): void {
    if (this.handlers) throw new Error("HttpClientTransport was already started");
    this.handlers = handlers;
  }

  send(message: JsonRpcMessage): void {
    if (this.closed || !this.handlers) return;
    if (!("id" in message) && message.method === "notifications/cancelled") {
      const requestId = message.params?.requestId as RequestId | undefined;
      const entry = requestId === undefined ? undefined : this.outstanding.get(requestId);
      if (entry) {
        this.outstanding.delete(requestId!);
        entry.controller.abort();
        // Modern HTTP cancels by closing the stream, which we just did; legacy servers are told.
        if (entry.modern) return;
      }
    }
    void this.post(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
    this.outstanding.clear();
    const sessionId = this.sessionId;
    if (sessionId !== undefined) {
      // Best effort: a server that does not allow DELETE (405) or is gone changes nothing here.
      try {
        const res = await this.doFetch(this.url, {
          method: "DELETE",
          headers: await this.authorized(this.legacyHeaders({})),
          signal: AbortSignal.timeout(this.options.closeTimeoutMs ?? 2000),
        });
        await res.body?.cancel();
      } catch {
        // ignored: the session ends with its idle timeout instead
      }
    }
    this.handlers?.onClose();
  }

  private async post(message: JsonRpcMessage): Promise<void> {
    const request = "method" in message && "id" in message ? message : undefined;
    const controller = new AbortController();
    let headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const version = request ? modernVersionOf(request.params) : undefined;
    if (request && version !== undefined) {
      headers = { ...headers, ...this.options.headers, ...this.toolHeaders.headersFor(request, version) };
    } else {
      headers = this.legacyHeaders(headers);
    }
    if (request) this.outstanding.set(request.id, { method: request.method, modern: version !== undefined, controller });
    this.controllers.add(controller);
    try {
      let res: Response;
      const body = JSON.stringify(message);
      for (let attempt = 0; ; attempt++) {
        try {
          res = await this.doFetch(this.url, { method: "POST", headers: await this.authorized(headers), body, signal: controller.signal });
        } catch (error) {
          if (controller.signal.aborted || this.closed) return;
          return this.fail(request, ErrorCode.ConnectionClosed, `Could not connect to ${this.url.href}: ${causeText(error)}`);
        }
        const next = await this.afterAuthorization(res, attempt, request);
        if (next === "failed" || controller.signal.aborted || this.closed) return;
        if (next === "answered") break;
      }
      if (request?.method === "initialize") {
        const session = res.headers.get("mcp-session-id");
        if (session) this.sessionId = session.trim();
      }
      await this.receive(res, request, controller);
      if (!request && "method" in message && message.method === "notifications/initialized" && res.ok) this.openGetStream();
    } catch (error) {
      if (controller.signal.aborted || this.closed) return;
      this.fail(request, ErrorCode.ConnectionClosed, `The connection to ${this.url.href} failed: ${causeText(error)}`);
    } finally {
      this.controllers.delete(controller);
      if (request && this.outstanding.get(request.id)?.controller === controller) {
        // Whatever happened, a request of ours must not wait for ever.
        this.fail(
          request,
          ErrorCode.ConnectionClosed,
          `The HTTP answer from ${this.url.href} ended without a response to ${request.method}`,
        );
      }
    }
  }

  private authorized(headers: Record<string, string>): Promise<Record<string, string>> {
    return withAuthorization(this.options.auth, this.url, headers);
  }

  /**
   * A 401 or 403 goes to the authorizer: "retry" when it has new credentials and the message
   * should be sent again, "failed" when it threw (the request fails with the reason), and
   * "answered" when `res` is the answer to read.
   */
  private async afterAuthorization(
    res: Response,
    attempt: number,
    request: JsonRpcRequest | undefined,
  ): Promise<"answered" | "retry" | "failed"> {
    const auth = this.options.auth;
    if (!auth) return "answered";
    if ((res.status !== 401 && res.status !== 403) || attempt >= MAX_AUTH_RETRIES) return "answered";
    try {
      if (!(await auth.challenge(res, this.url, attempt))) return "answered";
    } catch (error) {
      await res.body?.cancel();
      const code = (error as { code?: unknown } | undefined)?.code;
      this.fail(request, ErrorCode.InternalError, `Authorization with ${this.url.href} failed: ${causeText(error)}`, {
        httpStatus: res.status,
        ...(typeof code === "string" ? { oauthError: code } : {}),
      });
      return "failed";
    }
    await res.body?.cancel();
    return "retry";
  }

  /** Handles one POST answer: an error status, JSON, or an SSE stream (resumed if the server closes it early). */
  private async receive(res: Response, request: JsonRpcRequest | undefined, controller: AbortController): Promise<void> {
    const type = res.headers.get("content-type");
    if (!res.ok) return this.httpError(res, request);
    if (!request) {
      await res.body?.cancel();
      return;
    }
    if (res.status === 202 || res.status === 204) {
      await res.body?.cancel();
      return this.fail(request, ErrorCode.InternalError, `HTTP ${res.status} from ${this.url.href} gave no response to ${request.method}`);
    }
    if (isJson(type)) {
      const text = await res.text();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return this.fail(request, ErrorCode.ParseError, `The JSON answer from ${this.url.href} is not valid JSON`);
      }
      for (const item of Array.isArray(value) ? value : [value]) this.deliver(classifyMessage(item));
      return;
    }
    if (!isSse(type) || !res.body) {
      await res.body?.cancel();
      return this.fail(request, ErrorCode.InternalError, `Unexpected content type ${JSON.stringify(type)} from ${this.url.href}`);
    }
    let state = await this.pump(res.body, { lastId: undefined, retry: undefined });
    // 2025-11-25 SSE polling: the server may end the stream early and expect a GET + Last-Event-ID.
    while (this.outstanding.has(request.id) && state.lastId !== undefined && this.sessionId !== undefined && !controller.signal.aborted) {
      await delay(state.retry ?? this.options.reconnectDelayMs ?? 1000, controller.signal);
      const resumed = await this.get(state.lastId, controller.signal);
      if (!resumed.ok || !isSse(resumed.headers.get("content-type")) || !resumed.body) {
        await resumed.body?.cancel();
        if (!resumed.ok) return this.httpError(resumed, request);
        return;
      }
      state = await this.pump(resumed.body, state);
    }
  }

  /** Delivers every message of an SSE stream, noting in `state` where it got to (even if it breaks). */
  private async pump(body: ReadableStream<Uint8Array>, state: StreamState): Promise<StreamState> {
    for await (const event of readSse(body)) {
      if (this.closed) break;
      if (event.id !== undefined) state.lastId = event.id;
      if (event.retry !== undefined) state.retry = event.retry;
      // Priming events carry an id and no data.
      if (event.event !== "message" || event.data.trim() === "") continue;
      this.deliver(parseMessage(event.data));
    }
    return state;
  }

  /** A non-2xx answer: its JSON-RPC error if it has one, else the HTTP status, for the request. */
  private async httpError(res: Response, request: JsonRpcRequest | undefined): Promise<void> {
    if (!request) return void (await res.body?.cancel().catch(() => {}));
    const { error, ownAnswer, detail } = await readRefusal(res, request.id);
    const status = `HTTP ${res.status} ${res.statusText} from ${this.url.href}`;
    if (error) {
      // The server's answer to this request, as it is. An error without the id (or with null) was
      // raised before the server read the message: it is this request's, with the HTTP status said.
      return this.deliver({
        kind: "response",
        message: errorResponse(request.id, error.code, ownAnswer ? error.message : `${status}: ${error.message}`, error.data),
      });
    }
    const code = res.status === 404 ? ErrorCode.MethodNotFound : ErrorCode.InternalError;
    this.fail(request, code, `${status}${detail}`, { httpStatus: res.status });
  }

  /** Legacy: the session's GET stream for server-initiated requests and notifications. */
  private openGetStream(): void {
    if (this.getStreamOpened || this.options.getStream === false || this.sessionId === undefined || this.closed) return;
    this.getStreamOpened = true;
    void this.runGetStream();
  }

  /**
   * The GET stream, kept open: when it ends or breaks and the server made it resumable (an
   * event id or a `retry`), it is reopened with `Last-Event-ID` after the server's `retry` (else
   * `reconnectDelayMs`), doubling the wait after each failed attempt, up to `maxReconnects` in a row.
   */
  private async runGetStream(): Promise<void> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const state: StreamState = { lastId: undefined, retry: undefined };
    let failures = 0;
    try {
      for (;;) {
        let res: Response | undefined;
        try {
          res = await this.get(state.lastId, controller.signal);
        } catch {
          res = undefined;
        }
        if (res) {
          // 405: the server offers no GET stream. Any other refusal: do without it.
          if (!res.ok || !isSse(res.headers.get("content-type")) || !res.body) {
            await res.body?.cancel();
            return;
          }
          const before = state.lastId;
          try {
            await this.pump(res.body, state);
          } catch {
            // a broken stream: resumed below like one that ended
          }
          if (state.lastId !== before) failures = 0;
          else failures++;
        }
        if (this.closed || controller.signal.aborted) return;
        if (state.lastId === undefined && state.retry === undefined) return; // not resumable
        if (!res) failures++;
        if (failures > (this.options.maxReconnects ?? 5)) return;
        const wait = state.retry ?? this.options.reconnectDelayMs ?? 1000;
        await delay(wait * 2 ** Math.max(0, failures - 1), controller.signal);
      }
    } catch {
      // aborted while waiting: the transport is closing
    } finally {
      this.controllers.delete(controller);
    }
  }

  private get(lastEventId: string | undefined, signal: AbortSignal): Promise<Response> {
    const headers = this.legacyHeaders({ accept: "text/event-stream" });
    if (lastEventId !== undefined) headers["last-event-id"] = lastEventId;
    return this.authorized(headers).then((withAuth) => this.doFetch(this.url, { method: "GET", headers: withAuth, signal }));
  }

  private legacyHeaders(base: Record<string, string>): Record<string, string> {
    const headers = { ...base, ...this.options.headers };
    if (this.sessionId !== undefined) headers["mcp-session-id"] = this.sessionId;
    if (this.protocolVersion !== undefined) headers["mcp-protocol-version"] = this.protocolVersion;
    return headers;
  }

  /** Hands a message up, noting what later requests need from the answers it carries. */
  private deliver(inbound: Inbound): void {
    if (this.closed) return;
    if (inbound.kind === "response") {
      const id = inbound.message.id;
      const entry = id === null ? undefined : this.outstanding.get(id);
      if (entry) {
        this.outstanding.delete(id!);
        if ("result" in inbound.message) this.snoop(entry.method, inbound.message.result);
      }
    }
    this.handlers?.onMessage(inbound);
  }

  private snoop(method: string, result: Record<string, unknown>): void {
    if (method === "initialize" && typeof result.protocolVersion === "string") this.protocolVersion = result.protocolVersion;
    if (method === "tools/list") this.toolHeaders.learn(result);
  }

  private fail(request: JsonRpcRequest | undefined, code: number, message: string, data?: unknown): void {
    if (!request || !this.outstanding.has(request.id)) return;
    this.deliver({ kind: "response", message: errorResponse(request.id, code, message, data) });
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
