/**
 * Client side of the deprecated 2024-11-05 "HTTP+SSE" transport, for the oldest servers.
 * One long GET stream carries everything the server sends; its first event, `endpoint`,
 * names the URL the client POSTs each of its messages to. The POST answer says only whether
 * the message was accepted: responses come back on the stream.
 *
 * The endpoint must be on the SSE URL's origin, so a hostile server cannot make the client
 * send its messages (and its credentials) elsewhere. A refused POST becomes a JSON-RPC error
 * for the request it carried; the stream ending is the connection ending.
 */
import { ErrorCode } from "../protocol/errors.ts";
import {
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
import { readSse, type SseEvent } from "./http-sse.ts";

export interface SseClientTransportOptions {
  /** Sent with every HTTP request, the GET and each POST. */
  headers?: Record<string, string>;
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof fetch;
  /**
   * Credentials for a protected server (an `OAuthClient`, or your own). Asked with the SSE URL
   * for the GET and for every POST, since the endpoint is a part of the same server.
   */
  auth?: HttpAuthorizer;
  /** How long start() waits for the stream to open and name its endpoint (default 10000 ms). */
  connectTimeoutMs?: number;
}

/** How many times one request is sent again after its authorizer obtained new credentials. */
const MAX_AUTH_RETRIES = 8;

interface Handlers {
  onMessage(inbound: Inbound): void;
  onClose(): void;
}

/** A failure this transport names itself, passed on as it is. */
class SseTransportError extends Error {}

const isSse = (type: string | null) => type?.split(";")[0].trim().toLowerCase() === "text/event-stream";

export class SseClientTransport implements MessageTransport {
  readonly url: URL;
  /** Where messages are POSTed: named by the server's `endpoint` event, known once started. */
  endpoint: URL | undefined;

  private handlers: Handlers | undefined;
  private closed = false;
  /** The GET stream's; aborting it ends the connection. */
  private readonly stream = new AbortController();
  private readonly posts = new Set<AbortController>();
  /** Our requests not answered yet, so that a refused POST fails each at most once. */
  private readonly outstanding = new Set<RequestId>();
  private readonly doFetch: typeof fetch;

  constructor(
    url: string | URL,
    private readonly options: SseClientTransportOptions = {},
  ) {
    this.url = new URL(url);
    if (this.url.protocol !== "http:" && this.url.protocol !== "https:") {
      throw new TypeError(`SseClientTransport needs an http(s) URL, not ${this.url.href}`);
    }
    const impl = options.fetch ?? globalThis.fetch;
    this.doFetch = (input, init) => impl(input, init);
  }

  /**
   * Opens the stream and resolves once the server has named its endpoint; rejects with the
   * reason when it answers with an error, not with SSE, with a foreign endpoint, or not in time.
   */
  async start(handlers: Handlers): Promise<void> {
    if (this.handlers) throw new Error("SseClientTransport was already started");
    this.handlers = handlers;
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.stream.abort();
    }, timeoutMs);
    let events: AsyncGenerator<SseEvent> | undefined;
    try {
      const res = await this.open();
      if (!res.ok) {
        const text = (await res.text().catch(() => "")).trim();
        throw new SseTransportError(
          `HTTP ${res.status} ${res.statusText} from ${this.url.href}${text === "" ? "" : `: ${text.slice(0, 200)}`}`,
        );
      }
      if (!isSse(res.headers.get("content-type")) || !res.body) {
        await res.body?.cancel();
        throw new SseTransportError(`${this.url.href} answered with ${JSON.stringify(res.headers.get("content-type"))}, not an SSE stream`);
      }
      events = readSse(res.body);
      for (;;) {
        const next = await events.next();
        if (next.done) throw new SseTransportError(`The stream from ${this.url.href} ended before naming its endpoint`);
        const event = next.value;
        if (event.event === "endpoint") {
          this.endpoint = this.sameOrigin(event.data.trim());
          break;
        }
        if (event.event === "message" && event.data.trim() !== "") this.deliver(parseMessage(event.data));
      }
    } catch (error) {
      this.stream.abort();
      events?.return(undefined).catch(() => {});
      if (timedOut) throw new Error(`No endpoint event from ${this.url.href} within ${timeoutMs} ms`, { cause: error });
      if (this.closed) throw new Error(`The SSE connection to ${this.url.href} was closed while connecting`, { cause: error });
      throw error instanceof SseTransportError
        ? error
        : new Error(`Could not connect to ${this.url.href}: ${causeText(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    void this.pump(events);
  }

  send(message: JsonRpcMessage): void {
    if (this.closed || !this.endpoint) return;
    void this.post(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stream.abort();
    for (const controller of this.posts) controller.abort();
    this.posts.clear();
    this.outstanding.clear();
    this.handlers?.onClose();
  }

  /** The GET, with the authorizer's header, answering its challenges. */
  private async open(): Promise<Response> {
    const headers = { accept: "text/event-stream", "cache-control": "no-cache", ...this.options.headers };
    for (let attempt = 0; ; attempt++) {
      const res = await this.doFetch(this.url, { method: "GET", headers: await this.authorized(headers), signal: this.stream.signal });
      if (!(await this.retryAfterChallenge(res, attempt))) return res;
    }
  }

  /** Everything after the endpoint event, until the stream ends or breaks: then the connection closes. */
  private async pump(events: AsyncGenerator<SseEvent>): Promise<void> {
    try {
      for await (const event of events) {
        if (this.closed) break;
        if (event.event !== "message" || event.data.trim() === "") continue;
        this.deliver(parseMessage(event.data));
      }
    } catch {
      // A broken stream ends the connection like a finished one.
    } finally {
      await this.close();
    }
  }

  private async post(message: JsonRpcMessage): Promise<void> {
    const request = "method" in message && "id" in message ? message : undefined;
    if (request) this.outstanding.add(request.id);
    const controller = new AbortController();
    this.posts.add(controller);
    const headers = { "content-type": "application/json", ...this.options.headers };
    const body = JSON.stringify(message);
    try {
      let res: Response;
      for (let attempt = 0; ; attempt++) {
        res = await this.doFetch(this.endpoint!, {
          method: "POST",
          headers: await this.authorized(headers),
          body,
          signal: controller.signal,
        });
        if (!(await this.retryAfterChallenge(res, attempt))) break;
        if (controller.signal.aborted || this.closed) return;
      }
      if (res.ok) {
        // "Accepted": the answer, if any, comes on the stream.
        await res.body?.cancel();
        return;
      }
      await this.httpError(res, request);
    } catch (error) {
      if (controller.signal.aborted || this.closed) return;
      if (error instanceof SseTransportError) return this.fail(request, ErrorCode.InternalError, error.message);
      this.fail(request, ErrorCode.ConnectionClosed, `Could not post to ${this.endpoint!.href}: ${causeText(error)}`);
    } finally {
      this.posts.delete(controller);
    }
  }

  private authorized(headers: Record<string, string>): Promise<Record<string, string>> {
    return withAuthorization(this.options.auth, this.url, headers);
  }

  /** A 401 or 403 goes to the authorizer; true when it has new credentials and the request should be sent again. */
  private async retryAfterChallenge(res: Response, attempt: number): Promise<boolean> {
    const auth = this.options.auth;
    if (!auth || (res.status !== 401 && res.status !== 403) || attempt >= MAX_AUTH_RETRIES) return false;
    let retry: boolean;
    try {
      retry = await auth.challenge(res, this.url, attempt);
    } catch (error) {
      await res.body?.cancel().catch(() => {});
      throw new SseTransportError(`Authorization with ${this.url.href} failed (HTTP ${res.status}): ${causeText(error)}`, { cause: error });
    }
    if (retry) await res.body?.cancel().catch(() => {});
    return retry;
  }

  /** The endpoint the server named, resolved against the SSE URL; refused unless it is on the same origin. */
  private sameOrigin(data: string): URL {
    let endpoint: URL;
    try {
      endpoint = new URL(data, this.url);
    } catch {
      throw new SseTransportError(`The endpoint event from ${this.url.href} is not a URL: ${JSON.stringify(data.slice(0, 200))}`);
    }
    if (endpoint.origin !== this.url.origin) {
      throw new SseTransportError(
        `Refusing the endpoint ${endpoint.href} named by ${this.url.href}: it is not on the same origin (${this.url.origin})`,
      );
    }
    return endpoint;
  }

  /** A non-2xx answer to a POST: its JSON-RPC error if it has one, else the HTTP status, for the request. */
  private async httpError(res: Response, request: JsonRpcRequest | undefined): Promise<void> {
    if (!request) return void (await res.body?.cancel().catch(() => {}));
    const { error, detail } = await readRefusal(res, request.id);
    const status = `HTTP ${res.status} ${res.statusText} from ${this.endpoint!.href}`;
    if (error) return this.fail(request, error.code, `${status}: ${error.message}`, error.data);
    this.fail(request, ErrorCode.InternalError, `${status}${detail}`, { httpStatus: res.status });
  }

  private deliver(inbound: Inbound): void {
    if (this.closed) return;
    if (inbound.kind === "response" && inbound.message.id !== null) this.outstanding.delete(inbound.message.id);
    this.handlers?.onMessage(inbound);
  }

  private fail(request: JsonRpcRequest | undefined, code: number, message: string, data?: unknown): void {
    if (!request || !this.outstanding.has(request.id)) return;
    this.deliver({ kind: "response", message: errorResponse(request.id, code, message, data) });
  }
}
