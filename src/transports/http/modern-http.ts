/**
 * The 2026-07-28 era over HTTP: each POST stands alone. The answer starts "pending" and
 * goes out as one JSON body, unless a notification (progress, a log) comes first: then
 * the response switches to an SSE stream scoped to the request. Closing that connection
 * cancels the request. `subscriptions/listen` answers with a long-lived stream. Nothing
 * here touches the Store: the era is stateless.
 */
import { ErrorCode, McpError } from "../../protocol/errors.ts";
import {
  isPlainObject as isObject,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type RequestId,
} from "../../protocol/jsonrpc.ts";
import { MetaKey, MODERN_VERSIONS } from "../../protocol/versions.ts";
import type { AuthInfo, Context, HttpRequestInfo, RequestChannel } from "../../server/context.ts";
import type { McpServer } from "../../server/mcp-server.ts";
import { chain } from "../../server/providers.ts";
import { ListenStream } from "../../wire/listen.ts";
import { modernCodec, readEnvelope, type ModernCodec, type ModernRequestExtras } from "../../wire/modern.ts";
import { responseHttpStatus, toErrorResponse } from "../../wire/responses.ts";
import type { Drain, Drainable } from "./drain.ts";
import type { CloseWatcher, HttpExchange } from "./exchange.ts";
import { checkMetadataHeaders, type ToolSchemaLookup } from "./headers.ts";
import { replyError, replyJson, stepUpHeaders } from "./replies.ts";
import { KeepAlive, SseWriter } from "./sse.ts";

interface Refusal {
  code: number;
  message: string;
}

export class ModernEndpoint {
  private readonly codec: ModernCodec;
  private readonly toolSchema: ToolSchemaLookup;

  constructor(
    readonly server: McpServer<unknown>,
    readonly drain: Drain,
    readonly keepAliveMs: number,
    readonly scopeChallenge: ((scopes: readonly string[]) => Record<string, string>) | undefined = undefined,
  ) {
    this.codec = modernCodec(server);
    const components = server.components;
    this.toolSchema = (name) => chain(components.tool(name), (tool) => tool?.definition.inputSchema);
  }

  async request(ex: HttpExchange, request: JsonRpcRequest, auth: AuthInfo | undefined, acceptsSse: boolean): Promise<void> {
    const pending = this.precheck(ex, request);
    const refused = pending instanceof Promise ? await pending : pending;
    if (refused) return replyError(ex, 400, refused.code, refused.message, request.id);
    if (request.method === "subscriptions/listen") {
      if (!acceptsSse)
        return replyError(
          ex,
          406,
          ErrorCode.InvalidRequest,
          "subscriptions/listen answers with an SSE stream: accept text/event-stream",
          request.id,
        );
      return new ListenConnection(this, ex, request).start();
    }
    const call = new ModernCall(this, ex, request.id, acceptsSse, ex.info, auth);
    call.finish(await this.codec.handle(request, call, call));
  }

  /**
   * What the transport checks before the codec, in the order the spec's probes need:
   * the envelope exists (-32602), the version header matches it (-32020), the
   * Mcp-Method/Mcp-Name/Mcp-Param-* headers match the body (-32020). All are HTTP 400.
   * The version itself (-32022) is then checked by the codec.
   */
  private precheck(ex: HttpExchange, request: JsonRpcRequest): Refusal | undefined | Promise<Refusal | undefined> {
    const meta = request.params?._meta;
    const version = isObject(meta) ? meta[MetaKey.protocolVersion] : undefined;
    if (typeof version !== "string" || !isObject(meta?.[MetaKey.clientCapabilities])) {
      const missing = typeof version !== "string" ? MetaKey.protocolVersion : MetaKey.clientCapabilities;
      return {
        code: ErrorCode.InvalidParams,
        message: `Missing "${missing}" in params._meta: ${MODERN_VERSIONS.join(", ")} requests carry their protocol version and client capabilities`,
      };
    }
    const header = ex.header("mcp-protocol-version");
    if (header === undefined)
      return { code: ErrorCode.HeaderMismatch, message: `Missing MCP-Protocol-Version header: expected "${version}"` };
    if (header.trim() !== version) {
      return {
        code: ErrorCode.HeaderMismatch,
        message: `MCP-Protocol-Version header "${header.trim()}" does not match params._meta protocol version "${version}"`,
      };
    }
    const refuse = (mismatch: string | undefined): Refusal | undefined =>
      mismatch === undefined ? undefined : { code: ErrorCode.HeaderMismatch, message: `Header mismatch: ${mismatch}` };
    const mismatch = checkMetadataHeaders(request, ex, this.toolSchema);
    return mismatch instanceof Promise ? mismatch.then(refuse) : refuse(mismatch);
  }
}

/** One modern request in flight: its channel for notifications, and how its answer leaves. */
class ModernCall implements RequestChannel, ModernRequestExtras, CloseWatcher, Drainable {
  private ctx: Context<never> | undefined;
  private sse: SseWriter | undefined;
  private done = false;

  constructor(
    private readonly endpoint: ModernEndpoint,
    private readonly ex: HttpExchange,
    private readonly id: RequestId,
    private readonly acceptsSse: boolean,
    readonly http: HttpRequestInfo,
    readonly auth: AuthInfo | undefined,
  ) {
    ex.watchClose(this);
    endpoint.drain.addRequest(this);
  }

  onContext(ctx: Context<never>): void {
    this.ctx = ctx;
  }

  /** The first notification turns the pending JSON answer into an SSE stream. */
  notify(method: string, params: Record<string, unknown>): void {
    if (this.done || !this.acceptsSse || this.ex.finished) return;
    if (!this.sse) {
      this.sse = new SseWriter(this.ex);
      KeepAlive.watch(this.sse, this.endpoint.keepAliveMs);
    }
    this.sse.message({ jsonrpc: "2.0", method, params });
  }

  finish(response: JsonRpcResponse): void {
    if (this.done) return;
    this.done = true;
    this.endpoint.drain.removeRequest(this);
    if (this.ex.finished) return; // the client went away: a cancelled request gets no answer
    if (this.sse) {
      this.sse.message(response);
      this.sse.end();
    } else {
      replyJson(this.ex, responseHttpStatus(response), response, stepUpHeaders(response, this.endpoint.scopeChallenge));
    }
  }

  /** Closing the response stream is how an HTTP client cancels (2026-07-28). */
  exchangeClosed(): void {
    this.ctx?.cancel(new McpError(ErrorCode.RequestTimeout, "The client closed the request"));
  }

  shutdown(): void {
    this.ctx?.cancel(new McpError(ErrorCode.ConnectionClosed, "The server is shutting down"));
    this.finish({
      jsonrpc: "2.0",
      id: this.id,
      error: { code: ErrorCode.InternalError, message: "The server shut down before the request finished" },
    });
  }
}

/** A `subscriptions/listen` stream: list changes and resource updates until either side ends it. */
class ListenConnection implements CloseWatcher, Drainable {
  private sse: SseWriter | undefined;
  private stream: ListenStream | undefined;

  constructor(
    private readonly endpoint: ModernEndpoint,
    private readonly ex: HttpExchange,
    private readonly request: JsonRpcRequest,
  ) {}

  start(): void {
    try {
      readEnvelope(this.request.params);
      this.stream = new ListenStream(this.endpoint.server, this.request, (message) => this.send(message));
    } catch (error) {
      const response = toErrorResponse(this.request.id, error, false);
      if (!this.sse) replyJson(this.ex, responseHttpStatus(response), response);
      return;
    }
    this.ex.watchClose(this);
    this.endpoint.drain.addStream(this);
  }

  private send(message: JsonRpcMessage): void {
    if (!this.sse) {
      this.sse = new SseWriter(this.ex);
      KeepAlive.watch(this.sse, this.endpoint.keepAliveMs);
    }
    this.sse.message(message);
    // The listen request's own answer is the graceful end of the stream.
    if ("id" in message) {
      this.sse.end();
      this.endpoint.drain.removeStream(this);
    }
  }

  exchangeClosed(): void {
    this.stream?.end(false);
    this.endpoint.drain.removeStream(this);
  }

  shutdown(): void {
    this.stream?.end(true);
  }
}
