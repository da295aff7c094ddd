/**
 * The MCP client: negotiates the era with the server, then offers one method per
 * operation. Modern requests carry the `_meta` envelope and run `input_required` rounds;
 * legacy ones rely on the session and answer the server's own requests.
 */
import { ErrorCode, McpError } from "../protocol/errors.ts";
import type { JsonRpcNotification, JsonRpcRequest, RequestId } from "../protocol/jsonrpc.ts";
import type { MessageTransport } from "../protocol/transport.ts";
import {
  LOGGING_LEVELS,
  type ClientCapabilities,
  type Implementation,
  type LoggingLevel,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
  type Tool,
} from "../protocol/types.ts";
import { MetaKey, MODERN_VERSION, type Era } from "../protocol/versions.ts";
import { deriveCapabilities } from "./capabilities.ts";
import { negotiate } from "./handshake.ts";
import { withInputRounds } from "./input-rounds.ts";
import { invalidToolHeaders } from "./tool-headers-check.ts";
import { answerInput } from "./inputs.ts";
import { ListenHandle } from "./listen.ts";
import { collectPages } from "./pagination.ts";
import { RpcChannel, type BegunRequest, type Result } from "./rpc.ts";
import type {
  ClientOptions,
  CompletionReference,
  CompletionResult,
  ListenFilter,
  ListPromptsResult,
  ListResourcesResult,
  ListResourceTemplatesResult,
  ListToolsResult,
  LogMessage,
  NotificationHandler,
  Progress,
  ProgressHandler,
  PromptResult,
  ReadResourceResult,
  RequestOptions,
  ToolCallResult,
} from "./types.ts";

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_ROUNDS = 10;

export class Client {
  readonly info: Implementation;
  readonly capabilities: ClientCapabilities;
  /** Known once connected. */
  era: Era | undefined;
  protocolVersion: string | undefined;
  serverInfo: Implementation | undefined;
  serverCapabilities: ServerCapabilities | undefined;
  instructions: string | undefined;
  /** Settles when the connection ends, from either side. */
  readonly closed: Promise<void>;

  private readonly options: ClientOptions;
  private rpc: RpcChannel | undefined;
  private envelope: Record<string, unknown> = {};
  private logLevel: LoggingLevel | undefined;
  private readonly progress = new Map<string | number, ProgressHandler>();
  private readonly listens = new Map<RequestId, ListenHandle>();
  private progressCounter = 0;
  private markClosed!: () => void;

  constructor(info: Implementation, options: ClientOptions = {}) {
    if (!info?.name || !info.version) throw new TypeError("Client needs { name, version }");
    this.info = info;
    this.options = options;
    this.capabilities = deriveCapabilities(options);
    this.logLevel = options.logLevel;
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  /** Connects over `transport` and negotiates the era; rejects (and closes) if that fails. */
  async connect(transport: MessageTransport): Promise<void> {
    if (this.rpc) throw new Error("This client is already connected; create another Client for another connection");
    const rpc = new RpcChannel(transport, {
      onRequest: (request, signal) => this.answerServerRequest(request, signal),
      onNotification: (notification) => this.route(notification),
      onClose: () => this.onClosed(),
    });
    this.rpc = rpc;
    this.buildEnvelope();
    try {
      await rpc.start();
      const server = await negotiate({
        rpc,
        era: this.options.era ?? "auto",
        info: this.info,
        capabilities: this.capabilities,
        envelope: this.envelope,
        timeoutMs: this.timeout(),
      });
      this.era = server.era;
      this.protocolVersion = server.protocolVersion;
      this.serverInfo = server.serverInfo;
      this.serverCapabilities = server.capabilities;
      this.instructions = server.instructions;
      if (server.era === "legacy" && this.logLevel && server.capabilities.logging) {
        await rpc.request("logging/setLevel", { level: this.logLevel }, { timeoutMs: this.timeout() });
      }
    } catch (error) {
      await rpc.close().catch(() => {});
      throw error;
    }
  }

  /** A page of tools; tools whose `x-mcp-header` annotations are invalid (SEP-2243) are left out. */
  async listTools(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListToolsResult> {
    const result = (await this.call("tools/list", cursorParams(params), options)) as ListToolsResult;
    return Array.isArray(result.tools) ? { ...result, tools: result.tools.filter((tool) => !invalidToolHeaders(tool)) } : result;
  }

  /** Every tool, following `nextCursor` through all pages. */
  async listAllTools(options?: RequestOptions): Promise<Tool[]> {
    const tools = (await this.collect("tools/list", "tools", options)) as Tool[];
    return tools.filter((tool) => !invalidToolHeaders(tool));
  }

  listAllResources(options?: RequestOptions): Promise<Resource[]> {
    return this.collect("resources/list", "resources", options) as Promise<Resource[]>;
  }

  listAllResourceTemplates(options?: RequestOptions): Promise<ResourceTemplate[]> {
    return this.collect("resources/templates/list", "resourceTemplates", options) as Promise<ResourceTemplate[]>;
  }

  listAllPrompts(options?: RequestOptions): Promise<Prompt[]> {
    return this.collect("prompts/list", "prompts", options) as Promise<Prompt[]>;
  }

  callTool(name: string, args: Record<string, unknown> = {}, options?: RequestOptions): Promise<ToolCallResult> {
    return this.call("tools/call", { name, arguments: args }, options) as Promise<ToolCallResult>;
  }

  listResources(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListResourcesResult> {
    return this.call("resources/list", cursorParams(params), options) as Promise<ListResourcesResult>;
  }

  listResourceTemplates(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListResourceTemplatesResult> {
    return this.call("resources/templates/list", cursorParams(params), options) as Promise<ListResourceTemplatesResult>;
  }

  readResource(uri: string, options?: RequestOptions): Promise<ReadResourceResult> {
    return this.call("resources/read", { uri }, options) as Promise<ReadResourceResult>;
  }

  listPrompts(params: { cursor?: string } = {}, options?: RequestOptions): Promise<ListPromptsResult> {
    return this.call("prompts/list", cursorParams(params), options) as Promise<ListPromptsResult>;
  }

  getPrompt(name: string, args: Record<string, string> = {}, options?: RequestOptions): Promise<PromptResult> {
    return this.call("prompts/get", { name, arguments: args }, options) as Promise<PromptResult>;
  }

  /** Suggestions for one argument of a prompt or resource template; `context` holds the arguments filled in so far. */
  complete(
    ref: CompletionReference,
    argument: { name: string; value: string },
    context?: { arguments?: Record<string, string> },
    options?: RequestOptions,
  ): Promise<CompletionResult> {
    const params: Result = { ref, argument };
    if (context) params.context = context;
    return this.call("completion/complete", params, options) as Promise<CompletionResult>;
  }

  /** Legacy only: the modern era has no ping, so there it resolves without sending anything. */
  async ping(options?: RequestOptions): Promise<void> {
    this.connected();
    if (this.era === "modern") return;
    await this.call("ping", undefined, options);
  }

  /** Legacy: `logging/setLevel`. Modern: the level rides in every later request's `_meta`. */
  async setLogLevel(level: LoggingLevel, options?: RequestOptions): Promise<void> {
    if (!LOGGING_LEVELS.includes(level)) throw new TypeError(`Invalid log level "${level}": expected one of ${LOGGING_LEVELS.join(", ")}`);
    this.connected();
    if (this.era === "legacy") await this.call("logging/setLevel", { level }, options);
    this.logLevel = level;
    this.buildEnvelope();
  }

  /** Legacy only; on the modern era use `listen({ resourceSubscriptions: [uri] }, ...)`. */
  async subscribeResource(uri: string, options?: RequestOptions): Promise<void> {
    this.requireEra("legacy", "resources/subscribe", "listen({ resourceSubscriptions: [uri] }, onNotification)");
    await this.call("resources/subscribe", { uri }, options);
  }

  async unsubscribeResource(uri: string, options?: RequestOptions): Promise<void> {
    this.requireEra("legacy", "resources/unsubscribe", "close() on the listen handle");
    await this.call("resources/unsubscribe", { uri }, options);
  }

  /** Legacy: tells the server the roots changed. Modern servers ask for roots per request, so nothing is sent. */
  notifyRootsListChanged(): void {
    const rpc = this.connected();
    if (this.era === "legacy") rpc.notify("notifications/roots/list_changed");
  }

  /**
   * Modern only: opens a `subscriptions/listen` stream. Its notifications go to
   * `onNotification`, not to the client-wide handler; `close()` ends it.
   */
  listen(filter: ListenFilter, onNotification: NotificationHandler): ListenHandle {
    const rpc = this.connected();
    this.requireEra("modern", "subscriptions/listen", "subscribeResource(uri) and the onNotification option");
    // The answer comes only when the stream ends, so no timeout applies.
    const { id, result } = rpc.begin("subscriptions/listen", this.withMeta({ notifications: filter }, undefined), { timeoutMs: 0 });
    const handle = new ListenHandle(id, onNotification, () => rpc.cancel(id, "The client closed the listen stream"));
    this.listens.set(id, handle);
    const forget = (error?: unknown) => {
      this.listens.delete(id);
      handle.finish(error);
    };
    result.then(() => forget(), forget);
    return handle;
  }

  /** Any method, with the era's envelope, progress and `input_required` handling. */
  request<T extends Result = Result>(method: string, params?: Result, options?: RequestOptions): Promise<T> {
    return this.call(method, params, options) as Promise<T>;
  }

  /** Closes the connection; pending calls reject with a connection-closed McpError. */
  async close(): Promise<void> {
    const rpc = this.rpc;
    if (!rpc) return this.onClosed();
    await rpc.close();
  }

  private async call(method: string, params: Result | undefined, options: RequestOptions = {}): Promise<Result> {
    const rpc = this.connected();
    let token: string | undefined;
    const resetTimeoutOnProgress = options.resetTimeoutOnProgress ?? this.options.resetTimeoutOnProgress ?? false;
    // The request on the wire now (each input-required round is a new one): progress restarts its timeout.
    let current: BegunRequest | undefined;
    if (options.onProgress || resetTimeoutOnProgress) {
      token = `mcpkit-progress-${++this.progressCounter}`;
      const onProgress = options.onProgress;
      this.progress.set(token, (update) => {
        current?.progressed();
        onProgress?.(update);
      });
    }
    const sendOptions = {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.timeout(),
      resetTimeoutOnProgress,
      maxTotalTimeoutMs: options.maxTotalTimeoutMs ?? this.options.maxTotalTimeoutMs,
    };
    const send = (p: Result | undefined) => {
      current = rpc.begin(method, this.withMeta(p, token), sendOptions);
      return current.result;
    };
    try {
      if (this.era !== "modern") return await send(params);
      const signal = options.signal;
      return await withInputRounds({
        params: params ?? {},
        send,
        method,
        signal,
        maxRounds: this.options.maxRounds ?? DEFAULT_MAX_ROUNDS,
        answer: (key, inputMethod, inputParams) =>
          answerInput(inputMethod, inputParams, this.options, { era: "modern", key, signal: signal ?? neverAborted }),
      });
    } finally {
      if (token !== undefined) this.progress.delete(token);
    }
  }

  /** Adds the modern envelope (the caller's own `_meta` wins) and the progress token. */
  private withMeta(params: Result | undefined, progressToken: string | undefined): Result | undefined {
    const own = params?._meta as Record<string, unknown> | undefined;
    if (this.era !== "modern" && own === undefined && progressToken === undefined) return params;
    const meta = this.era === "modern" ? { ...this.envelope, ...own } : { ...own };
    if (progressToken !== undefined) meta.progressToken = progressToken;
    return { ...params, _meta: meta };
  }

  private buildEnvelope(): void {
    this.envelope = {
      [MetaKey.protocolVersion]: MODERN_VERSION,
      [MetaKey.clientCapabilities]: this.capabilities,
      [MetaKey.clientInfo]: this.info,
    };
    if (this.logLevel) this.envelope[MetaKey.logLevel] = this.logLevel;
  }

  private collect(method: string, key: string, options?: RequestOptions): Promise<unknown[]> {
    return collectPages(method, key, (params) => this.call(method, params, options));
  }

  private answerServerRequest(request: JsonRpcRequest, signal: AbortSignal): Promise<Result> {
    return answerInput(request.method, request.params ?? {}, this.options, { era: this.era ?? "legacy", signal });
  }

  /** Progress to its call, listen traffic to its stream, logs to onLog, the rest to onNotification. */
  private route(notification: JsonRpcNotification): void {
    try {
      this.dispatch(notification);
    } catch (error) {
      // A throwing callback is a bug in the caller's code; it must not take the connection down.
      process.emitWarning(`mcpkit client: the handler for ${notification.method} threw: ${(error as Error)?.message ?? error}`);
    }
  }

  private dispatch(notification: JsonRpcNotification): void {
    const params = notification.params;
    const subscriptionId = params?._meta?.[MetaKey.subscriptionId] as RequestId | undefined;
    const listen = subscriptionId === undefined ? undefined : this.listens.get(subscriptionId);
    if (listen) return listen.deliver(notification);
    switch (notification.method) {
      case "notifications/progress": {
        const handler = this.progress.get(params?.progressToken as string);
        if (handler) {
          const { progress, total, message } = params as { progress: number; total?: number; message?: string };
          const update: Progress = { progress };
          if (total !== undefined) update.total = total;
          if (message !== undefined) update.message = message;
          return handler(update);
        }
        break;
      }
      case "notifications/message":
        if (this.options.onLog) return this.options.onLog(params as unknown as LogMessage);
        break;
      case "notifications/cancelled": {
        // On stdio the server ends a listen stream this way.
        const ended = this.listens.get(params?.requestId as RequestId);
        if (ended) {
          this.listens.delete(ended.id);
          return ended.finish();
        }
        break;
      }
    }
    this.options.onNotification?.(notification);
  }

  private onClosed(): void {
    for (const listen of this.listens.values()) listen.finish(new McpError(ErrorCode.ConnectionClosed, "Connection closed"));
    this.listens.clear();
    this.progress.clear();
    this.markClosed();
  }

  private connected(): RpcChannel {
    if (!this.rpc) throw new McpError(ErrorCode.ConnectionClosed, "The client is not connected: call connect(transport) first");
    if (this.rpc.isClosed) throw new McpError(ErrorCode.ConnectionClosed, "Connection closed");
    return this.rpc;
  }

  private requireEra(era: Era, method: string, instead: string): void {
    this.connected();
    if (this.era !== era) {
      throw new McpError(
        ErrorCode.MethodNotFound,
        `${method} does not exist on the ${this.era} era (${this.protocolVersion}); use ${instead}`,
      );
    }
  }

  private timeout(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }
}

const neverAborted = new AbortController().signal;

function cursorParams(params: { cursor?: string }): Result {
  return params.cursor === undefined ? {} : { cursor: params.cursor };
}
